package io.branchwise.cli;

import io.branchwise.search.Baseline;
import io.branchwise.search.Comparison;
import io.branchwise.search.FinalRound;
import io.branchwise.search.ParetoTrial;
import io.branchwise.search.Recommendation;
import io.branchwise.search.SearchListener;
import io.branchwise.search.SearchResult;
import io.branchwise.search.TaskFloor;
import io.branchwise.search.TaskRow;
import io.branchwise.space.layout.SharingLayout;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end of {@code branchwise run}: the recommendation as a table, per task against its single-task baseline, and
 * for a per-task search the Pareto set.
 */
final class SearchTable {
    private SearchTable() {
    }

    static void print(SearchResult r, PrintStream out) {
        List<String> order = r.floors().stream().map(TaskFloor::task).toList();
        out.println();
        out.printf(Locale.ROOT, "study %s (id %d): %s%s%n", r.studyName(), r.studyId(), r.status(),
                r.reason().isEmpty() ? "" : " (" + r.reason() + ")");
        SearchListener.Progress p = r.progress();
        out.printf("trials: %d of %d finished (%d complete, %d pruned, %d failed)%s%s%n", p.finished(), p.wanted(),
                p.complete(), p.pruned(), p.failed(), p.interrupted() == 0 ? ""
                        : "; " + p.interrupted() + " interrupted by a stop, not counted",
                p.infeasible() == 0 ? "" : "; " + p.infeasible() + " layouts over search.max_parameters, not trained");
        Recommendation rec = r.recommendation();
        if (rec == null) {
            out.println("no trial completed, so there is nothing to recommend yet"
                    + (r.status() == SearchResult.Status.STOPPED ? "; continue with --resume" : ""));
            printFloors(r, null, out);
            printReferences(r.references(), order, out);
            return;
        }
        FinalRound.Verdict v = rec.verdict();
        if (v != null) {
            var chosen = v.chosen();
            out.printf(Locale.ROOT, "recommended: trial %d, Δm %s on %d seeds (validation, 95%% interval)%s%n",
                    rec.trialNumber(), interval(chosen.delta().percent(), chosen.delta().low(), chosen.delta().high()),
                    v.seeds(), chosen.test() == null ? "" : "; test " + interval(chosen.test().percent(),
                            chosen.test().low(), chosen.test().high()));
        } else {
            out.printf(Locale.ROOT, "recommended: trial %d, Δm %+.2f%% (positive = better)%n", rec.trialNumber(), rec.deltaM());
        }
        if (!rec.withinTolerance()) {
            out.println("warning: " + rec.note());
        } else if (!rec.note().isEmpty()) {
            out.println(rec.note());
        }
        out.println("layout " + shown(rec.layout(), order));
        out.println(rec.layoutTree());
        out.printf(Locale.ROOT, "weighting %s, learning rate %s%s%s%s%n", rec.weighting(), threeDigits(rec.learningRate()),
                rec.activation().isEmpty() ? "" : ", activation " + rec.activation(),
                Double.isNaN(rec.dropout()) ? "" : ", dropout " + threeDigits(rec.dropout()),
                rec.parameters() < 0 ? "" : ", " + rec.parameters() + " parameters");
        if (!rec.model().isEmpty()) {
            out.println("model: " + rec.model());
        }
        // The verdict on repeats leads when there is one; the single run (the search's seed) follows as detail.
        printVerdict(v, r.baselines(), out);
        out.println(v == null ? "against the single-task baselines:"
                : "the recommended trial's own run (the search's seed) against the baselines' mean:");
        out.printf("%-14s %-10s %12s %12s %9s  %-17s %12s %12s%n", "TASK", "METRIC", "STL", "CHOSEN", "Δ%",
                v == null ? "NEGATIVE TRANSFER" : "BELOW BASELINE", "STL TEST", "CHOSEN TEST");
        for (TaskRow row : rec.comparison().rows()) {
            out.printf(Locale.ROOT, "%-14s %-10s %12.4f %12.4f %+9.2f  %-17s %12.4f %12.4f%n", row.task(), row.metric(),
                    row.baseline(), row.value(), row.deltaPercent(), row.negativeTransfer() ? "yes" : "",
                    row.baselineTest(), row.test());
        }
        out.printf(Locale.ROOT, "Δm %+.2f%% (validation; positive = better)%n", rec.deltaM());
        printFloors(r, rec, out);
        printPrunerAudit(r, out);
        if (r.perTaskObjectives()) {
            printParetoSet(r, out);
        }
        printReferences(r.references(), order, out);
    }

    /** The comparison on repeats: each finalist's Δm with its interval, and the chosen one's tasks with theirs. */
    private static void printVerdict(FinalRound.Verdict v, List<Baseline> baselines, PrintStream out) {
        if (v == null) {
            return;
        }
        out.printf(Locale.ROOT, "verdict on %d seeds per model (mean and 95%% interval; models are chosen on validation,"
                + " where a loss counts when its whole interval is below -%s%%; test is held out):%n", v.seeds(),
                threeDigits(v.maxTaskDrop()));
        int name = Math.max(14, v.finalists().stream().mapToInt(f -> f.name().length()).max().orElse(0));
        List<String> order = baselines.stream().map(Baseline::task).toList();
        int layout = Math.max(20, v.finalists().stream().mapToInt(f -> f.layout().length()).max().orElse(0));
        out.printf(Locale.ROOT, "  %-" + name + "s %-" + layout + "s %26s %26s %6s%n", "MODEL", "LAYOUT", "TEST Δm",
                "VALIDATION Δm", "EPOCH");
        for (FinalRound.Finalist f : v.finalists()) {
            List<String> losses = f.delta().significantLosses(v.maxTaskDrop());
            out.printf(Locale.ROOT, "%s %-" + name + "s %-" + layout + "s %26s %26s %6d%s%n", f == v.chosen() ? "*" : " ",
                    f.name(), shown(f.layout(), order), f.test() == null ? "-" : interval(f.test().percent(), f.test().low(), f.test().high()),
                    interval(f.delta().percent(), f.delta().low(), f.delta().high()), f.medianBestEpoch(),
                    losses.isEmpty() ? "" : "  significant loss on " + losses);
        }
        Map<String, Baseline> byTask = new java.util.HashMap<>();
        baselines.forEach(b -> byTask.put(b.task(), b));
        out.printf("  %-14s %26s %26s %12s  %s%n", "TASK", "TEST Δ%", "VALIDATION Δ%", "NOISE FLOOR", "BASELINE");
        for (int i = 0; i < v.chosen().delta().perTask().size(); i++) {
            var d = v.chosen().delta().perTask().get(i);
            var t = v.chosen().test() == null ? null : v.chosen().test().perTask().get(i);
            Baseline b = byTask.get(d.task());
            out.printf(Locale.ROOT, "  %-14s %26s %26s %11.2f%%  %s%n", d.task(),
                    t == null ? "-" : interval(t.percent(), t.low(), t.high()), interval(d.percent(), d.low(), d.high()),
                    d.noiseFloor(), b == null ? "" : b.config().label() + (b.tried() > 1 ? ", best of " + b.tried() : "")
                            + (b.stillImproving() ? ", still improving" : ""));
        }
        out.println(v.trainAlone().isEmpty()
                ? "chosen on repeats: " + v.chosen().name() + ", no task loses significantly against training alone"
                : "no finalist is free of a significant loss; the best, " + v.chosen().name() + ", loses "
                        + v.trainAlone() + ": train those alone");
    }

    /** The pruned trials trained to the end: which of them the pruner should have let finish. */
    private static void printPrunerAudit(SearchResult r, PrintStream out) {
        var audit = r.pruneAudit();
        if (audit == null) {
            return;
        }
        int n = audit.entries().size();
        out.printf(Locale.ROOT, "pruner audit: %d pruned trial%s trained to the end%s; %d within %.2f points of the best"
                        + " Δm (%+.2f%%): false prune rate %s%n", n, n == 1 ? "" : "s",
                audit.failed() == 0 ? "" : " (" + audit.failed() + " more failed)", audit.falsePrunes().size(),
                audit.noise(), audit.bestDeltaM(), n == 0 ? "-" : String.format(Locale.ROOT, "%.0f%%",
                        100.0 * audit.falsePrunes().size() / n));
        for (var e : audit.entries()) {
            out.printf(Locale.ROOT, "  trial %-4d %-40s full Δm %+7.2f%%%s  (pruned: %s)%n", e.trialNumber(), e.layout(),
                    e.deltaM(), e.falsePrune() ? "  FALSE PRUNE" : "", e.prunedBecause());
        }
    }

    private static String interval(double mean, double low, double high) {
        return String.format(Locale.ROOT, "%+.2f%% [%+.2f, %+.2f]", mean, low, high);
    }

    /**
     * Each task's floors beside its baseline and the chosen model: what predicting the training mean scores and a
     * linear model. Says plainly when a baseline failed (it does not beat the trivial predictor) and when the chosen
     * model does worse on test than a floor.
     */
    private static void printFloors(SearchResult r, Recommendation rec, PrintStream out) {
        if (r.floors().isEmpty()) {
            return;
        }
        out.println("floors: predicting the training mean (TRIVIAL) and a linear model without hidden layers (LINEAR)");
        out.printf("%-14s %-10s %12s %12s %12s %13s %13s %13s%n", "TASK", "METRIC", "TRIVIAL", "LINEAR", "STL",
                "TRIVIAL TEST", "LINEAR TEST", "CHOSEN TEST");
        Map<String, TaskRow> chosen = new java.util.HashMap<>();
        if (rec != null) {
            rec.comparison().rows().forEach(row -> chosen.put(row.task(), row));
        }
        Map<String, Double> stl = new java.util.HashMap<>();
        r.baselines().forEach(b -> stl.put(b.task(), b.value()));
        for (TaskFloor f : r.floors()) {
            TaskRow row = chosen.get(f.task());
            out.printf(Locale.ROOT, "%-14s %-10s %12.4f %12.4f %12.4f %13.4f %13.4f %13.4f%n", f.task(), f.metric(),
                    f.trivialValue(), f.linearValue(), stl.getOrDefault(f.task(), Double.NaN), f.trivialTest(),
                    f.linearTest(), row == null ? Double.NaN : row.test());
        }
        for (TaskFloor f : r.floors()) {
            if (f.baselineFailed()) {
                out.printf(Locale.ROOT, "warning: the single-task baseline of %s (%s %.4f) does not beat predicting the"
                        + " training mean (%.4f): it failed to train, so %s is left out of Δm (its Δ says nothing)%n", f.task(),
                        f.metric(), stl.getOrDefault(f.task(), Double.NaN), f.trivialValue(), f.task());
            }
            TaskRow row = chosen.get(f.task());
            if (row != null) {
                for (var floor : List.of(Map.entry("the linear model", f.linearTest()),
                        Map.entry("predicting the training mean", f.trivialTest()))) {
                    if (!TaskFloor.atLeast(row.test(), floor.getValue(), f.higherIsBetter())) {
                        out.printf(Locale.ROOT, "warning: for %s the recommended model's test %s %.4f is worse than %s"
                                + " (%.4f)%n", f.task(), f.metric(), row.test(), floor.getKey(), floor.getValue());
                    }
                }
            }
        }
    }

    /** One row per non-dominated trial: its validation metric per task (the objectives), Δm and size; * = recommended. */
    private static void printParetoSet(SearchResult r, PrintStream out) {
        out.printf("Pareto set: %d trial%s that no other trial beats on every task (validation; ↑ higher is better,"
                + " ↓ lower)%n", r.paretoSet().size(), r.paretoSet().size() == 1 ? "" : "s");
        if (r.paretoSet().isEmpty()) {
            return;
        }
        StringBuilder head = new StringBuilder(String.format("  %-6s %9s", "TRIAL", "Δm%"));
        for (TaskRow row : r.paretoSet().get(0).comparison().rows()) {
            head.append(String.format(" %14s", row.task() + " " + row.metric() + (row.higherIsBetter() ? " ↑" : " ↓")));
        }
        out.println(head.append(String.format(" %10s  %s", "PARAMS", "LAYOUT")));
        for (ParetoTrial t : r.paretoSet()) {
            boolean chosen = r.recommendation() != null && r.recommendation().trialNumber() == t.trialNumber();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %-6d %+9.2f", chosen ? "*" : " ",
                    t.trialNumber(), t.deltaM()));
            t.comparison().rows().forEach(row -> line.append(String.format(Locale.ROOT, " %14.4f", row.value())));
            out.println(line.append(String.format(" %10s  %s", t.parameters() < 0 ? "-" : Long.toString(t.parameters()),
                    t.layout())));
        }
    }

    static String threeDigits(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** A layout as people read it: tasks in the spec's order (the stored, canonical form sorts them by name). */
    static String shown(String layout, List<String> taskOrder) {
        try {
            return SharingLayout.parse(layout).toString(taskOrder);
        } catch (IllegalArgumentException notALayout) {
            return layout; // printed as it came, rather than lost
        }
    }

    private static void printReferences(Map<String, Comparison> references, List<String> order, PrintStream out) {
        references.forEach((name, c) -> out.printf(Locale.ROOT, "reference %-14s %-32s Δm %+.2f%%%s%n",
                name.replace('_', '-'), shown(c.layout(), order), c.deltaM(),
                c.negativeTransfer().isEmpty() ? "" : ", negative transfer on " + c.negativeTransfer()));
    }
}
