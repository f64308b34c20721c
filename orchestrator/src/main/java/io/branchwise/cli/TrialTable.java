package io.branchwise.cli;

import io.branchwise.json.AffinityJson;
import io.branchwise.json.PlainJson;
import io.branchwise.launcher.TrialOutcome;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.space.json.JsonValue;
import io.branchwise.space.json.JsonWriter;
import io.branchwise.trial.TrialSpec;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The end of {@code branchwise train}: the final per-task table, and the same as JSON for {@code --json}. */
final class TrialTable {
    private TrialTable() {
    }

    static void print(TrialSpec spec, TrialOutcome outcome, PrintStream out) {
        TrialResult r = outcome.result();
        out.println();
        out.print(outcome.status());
        if (!outcome.reason().isEmpty()) {
            out.print(": " + outcome.reason() + (outcome.path().isEmpty() ? "" : " (at " + outcome.path() + ")"));
        }
        out.println();
        if (r == null) {
            return;
        }
        out.printf("layout %s, weighting %s, %d epochs, model from epoch %d (best validation), %.0f samples/s%n",
                spec.layout(), spec.weighting().method(), r.epochs(), r.bestEpoch(), r.samplesPerSecond());
        out.printf("%-14s %-14s %12s %12s%n", "TASK", "METRIC", "VALIDATION", "TEST");
        for (TaskDefinition task : spec.tasks()) {
            Map<String, Double> val = r.validation().getOrDefault(task.name(), Map.of());
            Map<String, Double> test = r.test().getOrDefault(task.name(), Map.of());
            for (String metric : val.keySet()) {
                out.printf("%-14s %-14s %12.4f %12.4f%n", task.name(), metric, val.get(metric), test.getOrDefault(metric, Double.NaN));
            }
        }
        if (r.affinity() != null) {
            AffinityReport.lines(r.affinity()).forEach(out::println);
        }
        if (r.model() != null) {
            out.println("model: " + r.model());
        }
    }

    static String json(TrialSpec spec, TrialOutcome outcome, List<EpochReport> epochs) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("status", str(outcome.status().name()));
        m.put("reason", str(outcome.reason()));
        m.put("path", str(outcome.path()));
        m.put("layout", str(spec.layout().toString()));
        m.put("weighting", str(spec.weighting().method().name()));
        List<JsonValue> curve = new ArrayList<>();
        for (EpochReport e : epochs) {
            Map<String, JsonValue> row = new LinkedHashMap<>();
            row.put("epoch", JsonValue.JsonInt.of(e.epoch()));
            row.put("values", numbers(e.values()));
            row.put("train_loss", numbers(e.trainLoss()));
            row.put("seconds", new JsonValue.JsonFloat(e.seconds()));
            curve.add(new JsonValue.JsonObject(row));
        }
        m.put("epochs", new JsonValue.JsonArray(curve));
        TrialResult r = outcome.result();
        if (r != null) {
            m.put("validation", nested(r.validation()));
            m.put("test", nested(r.test()));
            m.put("samples_per_second", new JsonValue.JsonFloat(r.samplesPerSecond()));
            m.put("best_epoch", JsonValue.JsonInt.of(r.bestEpoch()));
            m.put("model", r.model() == null ? JsonValue.JsonNull.NULL : str(r.model().toString()));
            if (r.affinity() != null) {
                m.put("affinity", PlainJson.toJson(AffinityJson.write(r.affinity())));
            }
        }
        return JsonWriter.write(new JsonValue.JsonObject(m)) + "\n";
    }

    private static JsonValue str(String s) {
        return new JsonValue.JsonString(s);
    }

    private static JsonValue numbers(Map<String, Double> values) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, new JsonValue.JsonFloat(v)));
        return new JsonValue.JsonObject(m);
    }

    private static JsonValue nested(Map<String, Map<String, Double>> values) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, numbers(v)));
        return new JsonValue.JsonObject(m);
    }
}
