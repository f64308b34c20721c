package io.branchwise.launcher;

import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.space.json.JsonSyntaxException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Encodes {@link TrainerMessage}s as single JSON lines and reads them back. */
public final class TrainerProtocol {
    private TrainerProtocol() {
    }

    public static String encode(TrainerMessage message) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (message instanceof TrainerMessage.Start s) {
            m.put("type", "start");
            m.put("spec", s.spec());
            m.put("base_directory", s.baseDirectory());
            m.put("work_directory", s.workDirectory());
        } else if (message instanceof TrainerMessage.Stop) {
            m.put("type", "stop");
        } else if (message instanceof TrainerMessage.Alive) {
            m.put("type", "alive");
        } else if (message instanceof TrainerMessage.Epoch e) {
            m.put("type", "epoch");
            m.put("epoch", e.report().epoch());
            m.put("values", e.report().values());
            m.put("train_loss", e.report().trainLoss());
            m.put("seconds", e.report().seconds());
            m.put("samples", e.report().samples());
        } else if (message instanceof TrainerMessage.Affinity a) {
            m.put("type", "affinity");
            m.put("step", a.step());
            m.putAll(affinity(a.matrix()));
        } else if (message instanceof TrainerMessage.Log l) {
            m.put("type", "log");
            m.put("message", l.message());
        } else if (message instanceof TrainerMessage.Result r) {
            TrialResult t = r.result();
            m.put("type", "result");
            m.put("epochs", t.epochs());
            m.put("stopped", t.stopped());
            m.put("validation", t.validation());
            m.put("test", t.test());
            m.put("affinity", t.affinity() == null ? null : affinity(t.affinity()));
            m.put("model", t.model() == null ? null : t.model().toString());
            m.put("samples_per_second", t.samplesPerSecond());
        } else if (message instanceof TrainerMessage.Failure f) {
            m.put("type", "error");
            m.put("message", f.message());
            m.put("path", f.path());
        }
        // One message per line: the JSON writer escapes newlines inside strings, so a line is never split.
        return PlainJson.write(m);
    }

    /** The message on a line, or empty when the line is not a protocol message (stray output). */
    @SuppressWarnings("unchecked")
    public static Optional<TrainerMessage> decode(String line) {
        if (line.isEmpty() || line.charAt(0) != '{') {
            return Optional.empty();
        }
        Map<String, Object> m;
        try {
            if (!(PlainJson.read(line) instanceof Map<?, ?> map) || !(map.get("type") instanceof String)) {
                return Optional.empty();
            }
            m = (Map<String, Object>) map;
        } catch (JsonSyntaxException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(switch ((String) m.get("type")) {
                case "start" -> new TrainerMessage.Start((Map<String, Object>) m.get("spec"),
                        (String) m.get("base_directory"), (String) m.get("work_directory"));
                case "stop" -> new TrainerMessage.Stop();
                case "alive" -> new TrainerMessage.Alive();
                case "epoch" -> new TrainerMessage.Epoch(new EpochReport(((Number) m.get("epoch")).intValue(),
                        numbers(m.get("values")), numbers(m.get("train_loss")),
                        ((Number) m.get("seconds")).doubleValue(), ((Number) m.get("samples")).longValue()));
                case "affinity" -> new TrainerMessage.Affinity(affinity(m), ((Number) m.get("step")).longValue());
                case "log" -> new TrainerMessage.Log(String.valueOf(m.get("message")));
                case "result" -> new TrainerMessage.Result(new TrialResult(((Number) m.get("epochs")).intValue(),
                        Boolean.TRUE.equals(m.get("stopped")), metrics(m.get("validation")), metrics(m.get("test")),
                        m.get("affinity") == null ? null : affinity((Map<String, Object>) m.get("affinity")),
                        m.get("model") == null ? null : Path.of((String) m.get("model")),
                        ((Number) m.get("samples_per_second")).doubleValue()));
                case "error" -> new TrainerMessage.Failure(String.valueOf(m.get("message")),
                        m.get("path") == null ? "" : String.valueOf(m.get("path")));
                default -> throw new IllegalArgumentException("unknown message type " + m.get("type"));
            });
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed trainer message: " + line, e);
        }
    }

    private static Map<String, Object> affinity(AffinityMatrix a) {
        List<List<Double>> rows = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            List<Double> row = new ArrayList<>();
            for (int j = 0; j < a.size(); j++) {
                row.add(a.get(i, j));
            }
            rows.add(row);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tasks", a.tasks());
        m.put("matrix", rows);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static AffinityMatrix affinity(Map<String, Object> m) {
        List<String> tasks = (List<String>) m.get("tasks");
        List<List<Number>> rows = (List<List<Number>>) m.get("matrix");
        double[][] z = new double[rows.size()][];
        for (int i = 0; i < z.length; i++) {
            z[i] = rows.get(i).stream().mapToDouble(Number::doubleValue).toArray();
        }
        return new AffinityMatrix(tasks, z);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> numbers(Object o) {
        Map<String, Double> out = new LinkedHashMap<>();
        ((Map<String, Object>) o).forEach((k, v) -> out.put(k, ((Number) v).doubleValue()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Double>> metrics(Object o) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        ((Map<String, Object>) o).forEach((k, v) -> out.put(k, numbers(v)));
        return out;
    }
}
