package io.branchwise.cli;

import io.branchwise.search.SearchListener;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.space.grouping.Grouping;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** {@code branchwise run}'s live display: one line per event, each trial's line ending with where the search stands. */
final class ProgressDisplay implements SearchListener {
    private final PrintStream out;
    /** The spec's task order, in which layouts are printed (their canonical form sorts tasks by name). */
    private final List<String> taskOrder;

    ProgressDisplay(PrintStream out, List<String> taskOrder) {
        this.out = out;
        this.taskOrder = List.copyOf(taskOrder);
    }

    @Override
    public void phase(Phase phase) {
        out.println(switch (phase) {
            case BASELINES -> "== single-task baselines, task affinity and reference layouts";
            case SEARCH -> "== search (Δm in percent against the single-task baselines, positive = better)";
            case RECOMMENDATION -> "== recommendation";
        });
    }

    @Override
    public void jobStarted(JobKind kind, String label) {
        if (kind != JobKind.TRIAL) {
            out.println("  started " + kind.name().toLowerCase(Locale.ROOT) + " " + label);
        }
    }

    @Override
    public void jobFinished(JobKind kind, String label, String status, String detail) {
        out.println("  " + kind.name().toLowerCase(Locale.ROOT) + " " + label + ": " + status
                + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
    }

    @Override
    public void affinity(AffinityMatrix z, List<Grouping> candidates) {
        out.println("  affinity Z(row → column), how much a step on the row task lowered the column task's loss:");
        AffinityReport.matrix(z).forEach(line -> out.println("  " + line));
        out.println("  candidate groupings: " + candidates.stream().map(g -> g.partition(z.tasks())).toList());
    }

    @Override
    public void trialFinished(TrialSummary t, Progress p) {
        String what = switch (t.state()) {
            case "COMPLETE" -> String.format(Locale.ROOT, "Δm %+.2f%%", t.deltaM());
            default -> t.state() + (t.reason().isEmpty() ? "" : ": " + t.reason());
        };
        out.printf(Locale.ROOT, "  trial %3d %-28s %s%n  %s%n", t.number(), SearchTable.shown(t.layout(), taskOrder), what,
                status(p));
    }

    static String status(Progress p) {
        return String.format(Locale.ROOT, "[%d/%d done: %d complete, %d pruned, %d failed%s; %d running; best Δm %s; ETA %s]",
                p.finished(), p.wanted(), p.complete(), p.pruned(), p.failed(),
                p.infeasible() == 0 ? "" : "; " + p.infeasible() + " over the parameter budget", p.running(),
                Double.isNaN(p.bestDeltaM()) ? "-" : String.format(Locale.ROOT, "%+.2f%%", p.bestDeltaM()),
                duration(p.etaSeconds()));
    }

    static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return "-";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
