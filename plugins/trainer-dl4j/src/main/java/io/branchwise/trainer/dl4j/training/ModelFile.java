package io.branchwise.trainer.dl4j.training;

import io.branchwise.plugin.task.TaskHead;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a saved model needs beside DL4J's graph to predict in the targets' units: each standardised regression head's
 * mean and scale, as a JSON entry {@value #TARGETS} in the model's zip ({@code {"task": {"mean": [...], "scale":
 * [...]}}}). The network's outputs for such a head are {@code (y − mean)/scale}.
 */
public final class ModelFile {
    public static final String TARGETS = "branchwise-targets.json";
    private static final Pattern ENTRY = Pattern.compile(
            "\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:\\s*\\{\\s*\"mean\"\\s*:\\s*\\[([^\\]]*)]\\s*,\\s*\"scale\"\\s*:\\s*\\[([^\\]]*)]\\s*}");

    private ModelFile() {
    }

    /** Adds the target scaling of {@code heads} (those that are standardised) to the saved model. */
    static void writeTargetScaling(Path model, List<TaskHead> heads) throws IOException {
        StringBuilder json = new StringBuilder("{");
        for (TaskHead h : heads) {
            if (h instanceof StandardisedHead s) {
                if (json.length() > 1) {
                    json.append(", ");
                }
                json.append('"').append(h.name().replace("\\", "\\\\").replace("\"", "\\\"")).append("\": {\"mean\": ")
                        .append(numbers(s.mean())).append(", \"scale\": ").append(numbers(s.scale())).append('}');
            }
        }
        json.append('}');
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + model.toUri()), Map.of())) {
            Files.writeString(zip.getPath(TARGETS), json, StandardCharsets.UTF_8);
        }
    }

    /** {@code heads} as the saved model was trained on them: regression heads with their stored scaling. */
    public static List<TaskHead> restoreHeads(Path model, List<TaskHead> heads) throws IOException {
        String json;
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + model.toUri()), Map.of())) {
            Path entry = zip.getPath(TARGETS);
            json = Files.exists(entry) ? Files.readString(entry, StandardCharsets.UTF_8) : "{}";
        }
        Map<String, double[][]> scaling = new java.util.HashMap<>();
        Matcher m = ENTRY.matcher(json);
        while (m.find()) {
            String name = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
            scaling.put(name, new double[][]{parse(m.group(2)), parse(m.group(3))});
        }
        List<TaskHead> out = new ArrayList<>();
        for (TaskHead h : heads) {
            double[][] s = scaling.get(h.name());
            out.add(s == null ? h : new StandardisedHead(h, s[0], s[1]));
        }
        return out;
    }

    private static String numbers(double[] values) {
        List<String> parts = new ArrayList<>();
        for (double v : values) {
            parts.add(String.format(Locale.ROOT, "%.17g", v));
        }
        return "[" + String.join(", ", parts) + "]";
    }

    private static double[] parse(String list) {
        String[] parts = list.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Double.parseDouble(parts[i].trim());
        }
        return out;
    }
}
