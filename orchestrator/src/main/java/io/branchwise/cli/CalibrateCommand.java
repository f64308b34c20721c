package io.branchwise.cli;

import io.branchwise.search.NoiseCheck;
import io.branchwise.search.SearchRunner;
import io.branchwise.search.spec.BoundTask;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.space.metric.RepeatedDelta;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"The A/A check of a search spec's verdict: trains each task's baseline as a search would",
                "(cached), then retrains that same network on fresh seeds, --repetitions times, and compares the",
                "two with the verdict's intervals. Nothing differs but luck, so every flagged task is a false flag:",
                "about 5% or fewer means the verdict's intervals are honest on this data and with search.seeds."})
final class CalibrateCommand extends SpecCommand {
    @Option(names = "--repetitions", defaultValue = "5", paramLabel = "N",
            description = "How many A/A comparisons of every task (default: ${DEFAULT-VALUE}).")
    private int repetitions;

    @Override
    String name() {
        return "calibrate";
    }

    @Override
    int execute(SearchSpec spec, List<BoundTask> tasks, SearchRunner runner, PrintStream out) throws Exception {
        if (repetitions < 1 || repetitions > 100) {
            System.err.println("branchwise calibrate: --repetitions must be 1 to 100, got " + repetitions);
            return 2;
        }
        if (spec.search().seeds() < 2) {
            System.err.println("branchwise calibrate: search.seeds is " + spec.search().seeds() + "; an interval needs"
                    + " at least 2 seeds per model");
            return 2;
        }
        out.printf("A/A check of %s: %d tasks, each baseline retrained on %d fresh seeds, %d times%n", spec.name(),
                tasks.size(), spec.search().seeds(), repetitions);
        NoiseCheck check = runner.calibrate(repetitions);
        if (check == null) {
            return 130;
        }
        print(check, tasks, out);
        writeJson(check.toMap());
        return 0;
    }

    static void print(NoiseCheck check, List<BoundTask> tasks, PrintStream out) {
        out.printf("%-4s %26s  %s%n", "REP", "Δm (validation, 95%)", "PER TASK Δ% [95%]  (! = flagged)");
        int n = 0;
        for (NoiseCheck.Repetition r : check.repetitions()) {
            n++;
            if (!r.complete()) {
                out.printf("%-4d %26s%n", n, "a run failed; left out");
                continue;
            }
            StringBuilder perTask = new StringBuilder();
            for (RepeatedDelta d : r.validation().perTask()) {
                perTask.append(String.format(Locale.ROOT, "  %s %+.2f [%+.2f, %+.2f]%s", d.task(), d.percent(), d.low(),
                        d.high(), d.significantLoss(check.maxTaskDrop()) ? "!" : ""));
            }
            out.printf(Locale.ROOT, "%-4d %26s %s%n", n, String.format(Locale.ROOT, "%+.2f%% [%+.2f, %+.2f]",
                    r.validation().percent(), r.validation().low(), r.validation().high()), perTask);
        }
        int comparisons = check.comparisons();
        out.printf(Locale.ROOT, "false flags (a significant loss beyond max_task_drop %s%%): %d of %d task comparisons"
                        + " (%.1f%%); intervals excluding 0 either way: %d (%.1f%%); Δm intervals containing 0: %d of %d%n",
                SearchTable.threeDigits(check.maxTaskDrop()), check.flagged(), comparisons,
                comparisons == 0 ? 0.0 : 100.0 * check.flagged() / comparisons, check.excludingZero(),
                comparisons == 0 ? 0.0 : 100.0 * check.excludingZero() / comparisons, check.deltaMContainingZero(),
                check.completeRepetitions());
    }
}
