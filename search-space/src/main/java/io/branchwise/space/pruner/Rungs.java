package io.branchwise.space.pruner;

import java.util.ArrayList;
import java.util.List;

/**
 * The rung ladder of asynchronous successive halving: rung {@code r} is reached at step
 * {@code minResource * reductionFactor^(minEarlyStoppingRate + r)}.
 */
public record Rungs(long minResource, int reductionFactor, int minEarlyStoppingRate) {

    public Rungs {
        if (minResource < 1) {
            throw new IllegalArgumentException("minResource must be at least 1, got " + minResource);
        }
        if (reductionFactor < 2) {
            throw new IllegalArgumentException("reductionFactor must be at least 2, got " + reductionFactor);
        }
        if (minEarlyStoppingRate < 0) {
            throw new IllegalArgumentException("minEarlyStoppingRate cannot be negative, got " + minEarlyStoppingRate);
        }
    }

    /** The step at which rung {@code rung} is reached; Long.MAX_VALUE once it no longer fits. */
    public long step(int rung) {
        long step = minResource;
        for (int i = 0; i < minEarlyStoppingRate + rung; i++) {
            if (step > Long.MAX_VALUE / reductionFactor) {
                return Long.MAX_VALUE;
            }
            step *= reductionFactor;
        }
        return step;
    }

    /**
     * The rungs first reached by a report at {@code step} when the report before it was at {@code previousStep}
     * (-1 for none): one report may cross several rungs at once, and then all of them are judged on it.
     */
    public List<Integer> crossed(long previousStep, long step) {
        List<Integer> crossed = new ArrayList<>();
        for (int rung = 0; ; rung++) {
            long rungStep = step(rung);
            if (rungStep > step) {
                return crossed;
            }
            if (rungStep > previousStep) {
                crossed.add(rung);
            }
            if (rungStep == Long.MAX_VALUE) {
                return crossed;
            }
        }
    }
}
