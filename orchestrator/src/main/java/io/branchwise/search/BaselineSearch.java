package io.branchwise.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One task's baseline search: the runs of its {@link BaselineDesign} configurations as they finish, and the best
 * on validation. A configuration that fails (diverges, crashes, times out) only drops out; the task has no
 * baseline when every one failed.
 */
final class BaselineSearch {
    private final String task;
    private final List<BaselineDesign.Config> design;
    private final int configurations;
    private final List<Baseline> runs = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    BaselineSearch(String task, List<BaselineDesign.Config> design) {
        this.task = task;
        this.design = List.copyOf(design);
        this.configurations = design.size();
    }

    void completed(Baseline run) {
        runs.add(run);
    }

    void failed(BaselineDesign.Config config, String reason) {
        failures.add(configurations == 1 ? reason : config.label() + ": " + reason);
    }

    /** Whether every configuration has ended, completed or failed (one stopped never ends). */
    boolean finished() {
        return runs.size() + failures.size() == configurations;
    }

    /**
     * The run with the best validation metric, marked with how many configurations it was chosen from; on a tie the
     * earlier configuration in the design (so the fixed network wins ties, whatever order runs finished in). Empty
     * when none finished; a run whose metric is not a number is only chosen when every run's is not.
     */
    Optional<Baseline> best() {
        Baseline best = null;
        for (Baseline run : runs.stream().sorted(java.util.Comparator.comparingInt(r -> design.indexOf(r.config()))).toList()) {
            if (best == null || run.betterThan(best)) {
                best = run;
            }
        }
        return Optional.ofNullable(best).map(b -> b.bestOf(runs.size() + failures.size()));
    }

    /** Why there is no baseline, for the search's failure. */
    String failure() {
        if (configurations == 1) {
            return "single-task baseline of task " + task + " failed: " + failures.get(0);
        }
        return "every one of the " + configurations + " single-task configurations of task " + task + " failed; "
                + String.join("; ", failures);
    }
}
