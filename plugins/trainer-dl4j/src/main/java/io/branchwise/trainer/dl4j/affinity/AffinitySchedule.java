package io.branchwise.trainer.dl4j.affinity;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.trainer.TrainingOptions;

/**
 * The training steps at which TAG affinity is measured: every {@code every} steps, starting once a warm-up
 * part of the planned run is over.
 *
 * <p>Why wait. TAG (Fifty et al. 2021) averages the affinity over a long training run, so the first steps weigh
 * very little in its average. Those first steps, while the task heads still have their random initial weights, mostly
 * measure how those random heads happen to line up, not how the tasks relate. On the 6-task planted-group benchmark
 * (5 epochs, Adam 0.001) the first epoch's measurements were 2–10× larger than later ones and had no block structure.
 * Averaged over all five epochs, the planted groups were not found (ARI −0.22 at seed 1). Measured from the
 * second epoch on, they were found (ARI 1) at each of the eight seeds out of 1–10 whose within-group target
 * correlation is above 0.6. At seeds 3 and 4, noise is half or more of each target's variance and ARI stays at 0.32.
 * A short run has to skip the warm-up on purpose.
 *
 * <p>Skipping the warm-up also saves its share of the probe's cost. The first measurement falls on the first
 * step after the warm-up, so every run that gets that far measures at least once.
 */
public final class AffinitySchedule {
    /** Share of the planned steps left unmeasured, unless {@code training.extra.affinity_warmup} says otherwise. */
    public static final double DEFAULT_WARMUP = 0.2;
    static final String WARMUP_OPTION = "affinity_warmup";

    private final int every;
    private final long warmupSteps;

    /**
     * @param every       steps between measurements; 0 means never
     * @param warmupSteps steps before the first measurement
     */
    public AffinitySchedule(int every, long warmupSteps) {
        if (every < 0 || warmupSteps < 0) {
            throw new IllegalArgumentException("every " + every + " and warm-up " + warmupSteps + " must be >= 0");
        }
        this.every = every;
        this.warmupSteps = warmupSteps;
    }

    /** The schedule for a run of {@code plannedSteps} training steps. */
    public static AffinitySchedule of(TrainingOptions options, long plannedSteps) {
        double warmup = warmupShare(options.extra());
        return new AffinitySchedule(options.affinityEvery(), (long) Math.floor(warmup * plannedSteps));
    }

    /** The warm-up share of a run, in [0, 1): {@code affinity_warmup} of {@code training.extra}, else the default. */
    static double warmupShare(Options extra) {
        // Below 1, so a finished run always measures at least once.
        return extra.number(WARMUP_OPTION, DEFAULT_WARMUP, 0.0, 0.99);
    }

    public boolean measuresAt(long step) {
        return every > 0 && step >= warmupSteps && (step - warmupSteps) % every == 0;
    }

    public long warmupSteps() {
        return warmupSteps;
    }
}
