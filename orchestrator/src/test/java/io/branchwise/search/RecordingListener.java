package io.branchwise.search;

import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.space.grouping.Grouping;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** Keeps every event a search sends, and lets a test act on finished trials (e.g. stop the search). */
final class RecordingListener implements SearchListener {
    final List<String> started = new ArrayList<>();
    final List<String> finished = new ArrayList<>();
    final List<TrialSummary> trials = new ArrayList<>();
    final List<Progress> progress = new ArrayList<>();
    final List<Phase> phases = new ArrayList<>();
    List<Grouping> candidates;
    BiConsumer<TrialSummary, Progress> onTrial = (t, p) -> { };

    @Override
    public void phase(Phase phase) {
        phases.add(phase);
    }

    @Override
    public void jobStarted(JobKind kind, String label) {
        started.add(kind + " " + label);
    }

    @Override
    public void jobFinished(JobKind kind, String label, String status, String detail) {
        finished.add(kind + " " + label + " " + status);
    }

    @Override
    public void affinity(AffinityMatrix affinity, List<Grouping> candidates) {
        this.candidates = candidates;
    }

    @Override
    public void trialFinished(TrialSummary trial, Progress p) {
        trials.add(trial);
        progress.add(p);
        onTrial.accept(trial, p);
    }

    long started(JobKind kind) {
        return started.stream().filter(s -> s.startsWith(kind + " ")).count();
    }
}
