package io.branchwise.search;

import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.space.grouping.Grouping;

import java.util.List;

/**
 * What a search tells its watcher (the CLI's progress display, the server's event stream). Called on the search's
 * own thread, so an implementation must be quick and must not block.
 */
public interface SearchListener {
    enum Phase { BASELINES, SEARCH, RECOMMENDATION }

    enum JobKind { BASELINE, AFFINITY, REFERENCE, TRIAL }

    /**
     * The search's study is open (created, or reopened to resume) and nothing has run yet: the first call, and
     * the moment a host can address the search by study id.
     */
    default void started(long studyId, String studyName) {
    }

    default void phase(Phase phase) {
    }

    default void jobStarted(JobKind kind, String label) {
    }

    /** @param status COMPLETE, PRUNED, FAILED, STOPPED or REUSED (a baseline from an earlier study, not retrained) */
    default void jobFinished(JobKind kind, String label, String status, String detail) {
    }

    default void affinity(AffinityMatrix affinity, List<Grouping> candidates) {
    }

    /** A search trial ended; {@code progress} counts it. */
    default void trialFinished(TrialSummary trial, Progress progress) {
    }

    SearchListener NONE = new SearchListener() {
    };

    /**
     * @param number   the Optuna trial number
     * @param state    COMPLETE, PRUNED, FAIL, or INFEASIBLE (a layout over the parameter budget, not trained)
     * @param deltaM   Δm in percent for a COMPLETE trial, NaN otherwise
     * @param reason   why it was pruned or failed; empty otherwise
     */
    record TrialSummary(int number, String state, double deltaM, String layout, String reason) {
    }

    /**
     * Where the search stands.
     *
     * @param wanted      trials to finish
     * @param infeasible  layouts over the parameter budget, recorded untrained and not counted as finished
     * @param bestDeltaM  the best Δm of a complete trial so far, NaN when none
     * @param etaSeconds  estimated seconds until the last trial finishes, NaN until one has finished
     */
    record Progress(int wanted, int complete, int pruned, int failed, int interrupted, int infeasible, int running,
                    double bestDeltaM, double etaSeconds) {
        public int finished() {
            return complete + pruned + failed;
        }
    }
}
