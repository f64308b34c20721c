package io.branchwise.search;

import io.branchwise.launcher.TrialJob;
import io.branchwise.launcher.TrialOutcome;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.Storage;
import io.branchwise.storage.TrialRecord;
import io.branchwise.trial.TrialSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What pruning cost ({@code search.pruner.audit: true}): every trial the pruner stopped is trained again to the
 * end, on its own seed (the same run, continued), and scored as a complete trial would have been. A pruned trial
 * whose full Δm comes within the noise of the best trial's — the verdict's Δm interval half-width, or 0 without a
 * verdict — is a false prune: the pruner threw away a contender. For measuring a pruner, not for every search: it
 * trains what pruning saved.
 */
public final class PrunerAudit {
    /** One pruned trial trained to the end. */
    public record Entry(int trialNumber, String layout, String prunedBecause, double deltaM, boolean falsePrune) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trial_number", trialNumber);
            m.put("layout", layout);
            m.put("pruned_because", prunedBecause);
            m.put("delta_m", deltaM);
            m.put("false_prune", falsePrune);
            return m;
        }
    }

    /**
     * @param bestDeltaM the best complete trial's Δm (single run)
     * @param noise      how far below it a trial still counts as a contender
     * @param failed     pruned trials whose full training failed (not judged)
     */
    public record Result(double bestDeltaM, double noise, List<Entry> entries, int failed) {
        public Result {
            entries = List.copyOf(entries);
        }

        public List<Entry> falsePrunes() {
            return entries.stream().filter(Entry::falsePrune).toList();
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("best_delta_m", bestDeltaM);
            m.put("noise", noise);
            m.put("audited", entries.size());
            m.put("false_prunes", falsePrunes().size());
            m.put("failed", failed);
            m.put("trials", entries.stream().map(e -> (Object) e.toMap()).toList());
            return m;
        }
    }

    private final SearchSpec spec;
    private final Scoring scoring;
    private final Map<String, Baseline> baselines;
    private final TrialSpecs trialSpecs;
    private final TrainerPool pool;
    private final Path workDirectory;
    private final SearchListener listener;

    PrunerAudit(SearchSpec spec, Scoring scoring, Map<String, Baseline> baselines, TrialSpecs trialSpecs,
                TrainerPool pool, Path workDirectory, SearchListener listener) {
        this.spec = spec;
        this.scoring = scoring;
        this.baselines = baselines;
        this.trialSpecs = trialSpecs;
        this.pool = pool;
        this.workDirectory = workDirectory;
        this.listener = listener;
    }

    /** Null when a stop interrupted it. */
    Result run(Storage storage, long studyId, FinalRound.Verdict verdict) throws InterruptedException {
        List<TrialRecord> trials = storage.trials(studyId, -1, List.of());
        double best = trials.stream().filter(t -> t.state() == TrialState.COMPLETE
                        && !t.systemAttributes().containsKey(TrialAttributes.DUPLICATE_OF))
                .map(t -> Recommender.attr(t, TrialAttributes.DELTA_M)).filter(d -> d instanceof Number)
                .mapToDouble(d -> ((Number) d).doubleValue()).max().orElse(Double.NaN);
        double noise = verdict == null ? 0.0 : (verdict.chosen().delta().high() - verdict.chosen().delta().low()) / 2;
        List<Entry> entries = new ArrayList<>();
        int[] failed = {0};
        List<TrainerPool.Job> jobs = new ArrayList<>();
        for (TrialRecord t : trials) {
            if (t.state() != TrialState.PRUNED || !t.systemAttributes().containsKey(TrialAttributes.PRUNED_BECAUSE)) {
                continue;
            }
            TrialConfiguration c = TrialConfiguration.of(t);
            String why = String.valueOf(Recommender.attr(t, TrialAttributes.PRUNED_BECAUSE));
            String label = "audit trial " + t.number();
            TrialSpec trial = TrialSpecs.measuredAgainst(trialSpecs.stored(c), baselines.values());
            TrialJob job = new TrialJob(trial, workDirectory.resolve("audit-trial-" + t.number()),
                    spec.search().trialTimeLimit(), TrialJob.Kind.REFERENCE);
            jobs.add(new TrainerPool.Job(job, outcome -> {
                listener.jobFinished(SearchListener.JobKind.REFERENCE, label, outcome.status().name(), outcome.reason());
                if (outcome.status() != TrialOutcome.Status.COMPLETE) {
                    failed[0]++;
                    return;
                }
                double deltaM;
                try {
                    deltaM = scoring.compare(c.layout(), outcome.result().validation(), outcome.result().test()).deltaM();
                } catch (IllegalArgumentException e) {
                    failed[0]++;
                    return;
                }
                boolean falsePrune = deltaM >= best - noise;
                // A finished trial cannot change (Optuna's rule): the audit is stored on the study, per trial number.
                entries.add(new Entry((int) t.number(), c.layout(), why, deltaM, falsePrune));
            }).atLaunch(() -> listener.jobStarted(SearchListener.JobKind.REFERENCE, label)));
        }
        pool.drainAll(jobs);
        if (pool.isStopping()) {
            return null;
        }
        entries.sort(java.util.Comparator.comparingInt(Entry::trialNumber));
        return new Result(best, noise, entries, failed[0]);
    }
}
