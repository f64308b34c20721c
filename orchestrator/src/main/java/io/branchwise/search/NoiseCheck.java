package io.branchwise.search;

import io.branchwise.space.metric.RepeatedDelta;
import io.branchwise.space.metric.RepeatedDeltaM;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The A/A check's outcome ({@link SearchRunner#calibrate}): each repetition compares every task's baseline network,
 * retrained on fresh seeds, with the baseline sample the verdict uses. Nothing differs but luck, so a flagged task
 * is a false flag and Δm's interval should contain 0; over many repetitions at most about 5% of task comparisons
 * should be flagged if the intervals are honest.
 *
 * @param repetitions in order; a repetition whose runs did not all finish has null comparisons
 */
public record NoiseCheck(int seeds, double maxTaskDrop, List<Repetition> repetitions) {
    public NoiseCheck {
        repetitions = List.copyOf(repetitions);
    }

    /** @param validation on the split the verdict judges on; {@code test} beside it (null when not reported) */
    public record Repetition(RepeatedDeltaM validation, RepeatedDeltaM test) {
        public boolean complete() {
            return validation != null;
        }
    }

    /** Task comparisons made: tasks × complete repetitions. */
    public int comparisons() {
        return repetitions.stream().filter(Repetition::complete).mapToInt(r -> r.validation().perTask().size()).sum();
    }

    /** Task comparisons the verdict would flag as a significant loss (beyond {@code max_task_drop}). */
    public int flagged() {
        return repetitions.stream().filter(Repetition::complete)
                .mapToInt(r -> r.validation().significantLosses(maxTaskDrop).size()).sum();
    }

    /** Task comparisons whose interval excludes 0 either way (a stricter count: any "significant" difference). */
    public int excludingZero() {
        return (int) repetitions.stream().filter(Repetition::complete).flatMap(r -> r.validation().perTask().stream())
                .filter(d -> d.low() > 0 || d.high() < 0).count();
    }

    /** Complete repetitions whose Δm interval contains 0. */
    public int deltaMContainingZero() {
        return (int) repetitions.stream().filter(Repetition::complete)
                .filter(r -> r.validation().low() <= 0 && r.validation().high() >= 0).count();
    }

    public long completeRepetitions() {
        return repetitions.stream().filter(Repetition::complete).count();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seeds", seeds);
        m.put("max_task_drop", maxTaskDrop);
        m.put("comparisons", comparisons());
        m.put("flagged", flagged());
        m.put("excluding_zero", excludingZero());
        m.put("delta_m_containing_zero", deltaMContainingZero());
        List<Object> reps = new ArrayList<>();
        for (Repetition r : repetitions) {
            Map<String, Object> rep = new LinkedHashMap<>();
            if (r.complete()) {
                rep.put("delta_m", r.validation().percent());
                rep.put("delta_m_interval", List.of(r.validation().low(), r.validation().high()));
                rep.put("flagged", r.validation().significantLosses(maxTaskDrop));
                if (r.test() != null) {
                    rep.put("test_delta_m", r.test().percent());
                    rep.put("test_delta_m_interval", List.of(r.test().low(), r.test().high()));
                }
                List<Object> tasks = new ArrayList<>();
                for (RepeatedDelta d : r.validation().perTask()) {
                    tasks.add(Map.of("task", d.task(), "delta", d.percent(), "interval", List.of(d.low(), d.high()),
                            "noise_floor", d.noiseFloor()));
                }
                rep.put("tasks", tasks);
            }
            reps.add(rep);
        }
        m.put("repetitions", reps);
        return m;
    }
}
