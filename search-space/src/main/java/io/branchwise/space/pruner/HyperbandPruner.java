package io.branchwise.space.pruner;

import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.StudyView;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.zip.CRC32;

/**
 * Optuna's Hyperband: several {@link SuccessiveHalvingPruner} brackets, bracket {@code b} starting its rungs at
 * {@code minResource * reductionFactor^b}, so low brackets stop early and often and high ones rarely. There are
 * {@code floor(log_eta(maxResource / minResource)) + 1} brackets (computed exactly in integers, where Optuna's
 * floating-point logarithm can come out one short on exact powers). Bracket {@code b} gets a share of trials
 * proportional to Hyperband's {@code ceil(n * eta^s / (s + 1))} with {@code s = n - 1 - b}.
 *
 * <p>A trial's bracket is {@code CRC32("<studyName>_<number>") mod totalBudget} walked through the shares, as in
 * Optuna, so it is fixed by the trial number alone and, given the study's name, identical to Optuna's. Each bracket
 * judges a trial only against trials of the same bracket.
 */
public final class HyperbandPruner implements Pruner {
    private final long minResource;
    private final Long maxResource;
    private final int reductionFactor;
    private final int bootstrapCount;
    private final String studyName;
    private volatile Brackets brackets;

    public HyperbandPruner(long minResource, long maxResource, int reductionFactor, int bootstrapCount, String studyName) {
        this(minResource, Long.valueOf(maxResource), reductionFactor, bootstrapCount, studyName);
        if (maxResource < minResource) {
            throw new IllegalArgumentException("maxResource " + maxResource + " is below minResource " + minResource);
        }
    }

    /** Optuna's defaults: minResource 1, automatic maxResource, reduction factor 3, no bootstrap. */
    public HyperbandPruner(String studyName) {
        this(1, null, 3, 0, studyName);
    }

    /** Maximum resource "auto": the last step of the longest complete trial plus one, fixed once known. */
    public static HyperbandPruner withAutoMaxResource(long minResource, int reductionFactor, int bootstrapCount,
                                                      String studyName) {
        return new HyperbandPruner(minResource, null, reductionFactor, bootstrapCount, studyName);
    }

    private HyperbandPruner(long minResource, Long maxResource, int reductionFactor, int bootstrapCount, String studyName) {
        new Rungs(minResource, reductionFactor, 0); // validates before the brackets exist
        if (bootstrapCount < 0) {
            throw new IllegalArgumentException("bootstrapCount cannot be negative, got " + bootstrapCount);
        }
        this.minResource = minResource;
        this.maxResource = maxResource;
        this.reductionFactor = reductionFactor;
        this.bootstrapCount = bootstrapCount;
        this.studyName = Objects.requireNonNull(studyName, "studyName");
    }

    @Override
    public boolean prune(StudyView study, FrozenTrial trial) {
        SingleObjective.direction(study, this);
        Brackets known = brackets(study);
        if (known == null || known.pruners.isEmpty()) {
            return false;
        }
        int bracket = known.bracketOf(studyName, trial.number());
        return known.pruners.get(bracket).prune(new BracketStudy(study, known, studyName, bracket), trial);
    }

    /** Each bracket's share of trials, lowest bracket first; empty while an automatic maxResource is unknown. */
    public List<Long> bracketBudgets(StudyView study) {
        Brackets known = brackets(study);
        return known == null ? List.of() : known.budgets;
    }

    /** The bracket a trial number belongs to; empty while an automatic maxResource is unknown. */
    public OptionalInt bracketOf(StudyView study, int trialNumber) {
        Brackets known = brackets(study);
        return known == null || known.pruners.isEmpty()
                ? OptionalInt.empty() : OptionalInt.of(known.bracketOf(studyName, trialNumber));
    }

    private Brackets brackets(StudyView study) {
        Brackets known = brackets;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (brackets == null) {
                long max = maxResource != null ? maxResource : autoMaxResource(study);
                if (max >= 0) {
                    brackets = layout(max);
                }
            }
            return brackets;
        }
    }

    private static long autoMaxResource(StudyView study) {
        long lastStep = -1;
        for (FrozenTrial t : study.completeTrials()) {
            if (!t.intermediateValues().isEmpty()) {
                lastStep = Math.max(lastStep, t.intermediateValues().lastKey());
            }
        }
        return lastStep < 0 ? -1 : lastStep + 1;
    }

    private Brackets layout(long max) {
        int count = 0;
        for (long r = minResource; r <= max; ) {
            count++;
            if (r > max / reductionFactor) {
                break;
            }
            r *= reductionFactor;
        }
        List<Long> budgets = new ArrayList<>();
        List<SuccessiveHalvingPruner> pruners = new ArrayList<>();
        for (int bracket = 0; bracket < count; bracket++) {
            int s = count - 1 - bracket;
            budgets.add((long) Math.ceil(count * Math.pow(reductionFactor, s) / (s + 1)));
            pruners.add(new SuccessiveHalvingPruner(minResource, reductionFactor, bracket, bootstrapCount));
        }
        return new Brackets(List.copyOf(budgets), List.copyOf(pruners));
    }

    private record Brackets(List<Long> budgets, List<SuccessiveHalvingPruner> pruners) {

        int bracketOf(String studyName, int trialNumber) {
            long total = budgets.stream().mapToLong(Long::longValue).sum();
            CRC32 crc = new CRC32();
            crc.update((studyName + "_" + trialNumber).getBytes(StandardCharsets.UTF_8));
            long n = crc.getValue() % total;
            for (int bracket = 0; bracket < budgets.size(); bracket++) {
                n -= budgets.get(bracket);
                if (n < 0) {
                    return bracket;
                }
            }
            throw new IllegalStateException("the bracket shares do not cover " + total);
        }
    }

    /** The study as one bracket sees it: only the trials assigned to that bracket. */
    private record BracketStudy(StudyView study, Brackets brackets, String studyName, int bracket) implements StudyView {

        @Override
        public List<StudyDirection> directions() {
            return study.directions();
        }

        @Override
        public List<FrozenTrial> trials() {
            List<FrozenTrial> mine = new ArrayList<>();
            for (FrozenTrial t : study.trials()) {
                if (brackets.bracketOf(studyName, t.number()) == bracket) {
                    mine.add(t);
                }
            }
            return mine;
        }
    }
}
