package io.branchwise.builtin.data.idx;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.DataRequest;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The idx source's options, resolved to files. See {@link IdxDataSource} for their meaning.
 *
 * @param preset      null for plain files
 * @param testImages  null when there is no test set (then {@code testLabels} is null too)
 * @param validation  rows when ≥ 1, a fraction of the training rows when below 1
 * @param limit       rows taken from the start of each file at most
 * @param missingHint how to obtain a missing file, for the error
 */
record IdxOptions(String name, IdxPreset preset, Input trainImages, Input trainLabels, Input testImages, Input testLabels,
                  double validation, int limit, String missingHint, Options source) {

    /**
     * A file to read, checked against the data roots unless the plugin itself chose it.
     *
     * @param option the spec field that named it (or the preset), for errors about its size
     */
    record Input(Path path, String option) {
    }

    static final Set<String> KNOWN = Set.of("preset", "dir", "train_images", "train_labels", "test_images",
            "test_labels", "validation", "limit");
    private static final List<String> FILES = List.of("train_images", "train_labels", "test_images", "test_labels");
    /** Fashion-MNIST and MNIST hold out 10,000 of their 60,000 training images; the same share by default. */
    static final double DEFAULT_VALIDATION = 1.0 / 6;

    static IdxOptions from(DataRequest request) {
        Options o = request.options().requireOnly(KNOWN);
        double validation = validation(o);
        int limit = o.integer("limit", Integer.MAX_VALUE, 1);
        if (o.has("preset")) {
            return preset(o, request, validation, limit);
        }
        if (o.has("dir")) {
            throw new SpecException(o.path("dir"), "only used with a preset; give train_images, train_labels, … as paths");
        }
        Input trainImages = input(request, "train_images");
        Input trainLabels = input(request, "train_labels");
        if (o.has("test_images") != o.has("test_labels")) {
            String missing = o.has("test_images") ? "test_labels" : "test_images";
            throw new SpecException(o.path(missing), "required with " + (o.has("test_images") ? "test_images" : "test_labels"));
        }
        Input testImages = o.has("test_images") ? input(request, "test_images") : null;
        Input testLabels = o.has("test_labels") ? input(request, "test_labels") : null;
        String name = trainImages.path().getFileName().toString().replaceFirst("\\.gz$", "");
        return new IdxOptions(name, null, trainImages, trainLabels, testImages, testLabels, validation, limit, "", o);
    }

    private static IdxOptions preset(Options o, DataRequest request, double validation, int limit) {
        String name = o.string("preset");
        IdxPreset preset = IdxPreset.of(name);
        if (preset == null) {
            throw new SpecException(o.path("preset"), "unknown preset \"" + name + "\"; known: [fashion-mnist, mnist]");
        }
        for (String file : FILES) {
            if (o.has(file)) {
                throw new SpecException(o.path(file), "give either preset or the file paths, not both");
            }
        }
        UnaryOperator<Path> permit;
        Path dir;
        String option;
        if (o.has("dir")) {
            option = o.path("dir");
            dir = request.file("dir");
            // Each file is checked too: one inside the folder may be a link that leads out of the data roots.
            permit = file -> request.access().permit(option, file);
        } else if (preset.defaultDirectory() != null) {
            // The preset's own folder is named by the plugin, not by the caller, so the data roots do not apply.
            option = o.path("preset");
            dir = Path.of(preset.defaultDirectory());
            permit = UnaryOperator.identity();
        } else {
            throw new SpecException(o.path("dir"), "required by preset " + name + ": the folder holding the four IDX files");
        }
        return new IdxOptions(name, preset,
                new Input(IdxPreset.file(dir, "train", "images", permit), option),
                new Input(IdxPreset.file(dir, "train", "labels", permit), option),
                new Input(IdxPreset.file(dir, "t10k", "images", permit), option),
                new Input(IdxPreset.file(dir, "t10k", "labels", permit), option), validation, limit,
                preset.missingHint(), o);
    }

    private static Input input(DataRequest request, String key) {
        return new Input(request.file(key), request.options().path(key));
    }

    private static double validation(Options o) {
        double v = o.number("validation", DEFAULT_VALIDATION);
        boolean rows = v >= 1 && v == Math.rint(v);
        if (!(rows || (v > 0 && v < 1))) {
            throw new SpecException(o.path("validation"), "must be a row count (an integer ≥ 1) or a fraction in (0, 1), got " + v);
        }
        return v;
    }

    /** Validation rows out of {@code trainRows}; fails when none would be left to train on. */
    int validationRows(int trainRows) {
        int rows = validation >= 1 ? (int) validation : Math.max(1, (int) Math.round(trainRows * validation));
        if (rows >= trainRows) {
            throw new SpecException(source.path("validation"), rows + " validation rows leave none of the " + trainRows
                    + " training rows to train on");
        }
        return rows;
    }
}
