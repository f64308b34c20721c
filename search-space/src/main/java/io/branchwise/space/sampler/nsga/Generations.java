package io.branchwise.space.sampler.nsga;

import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyView;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Derives the generations from the study's history alone, so that a sampler rebuilt from the same history (after
 * a restart, or on another node) breeds from the same parents. Optuna stamps each trial's generation into a system
 * attribute when it samples; a sampler here cannot write attributes, so instead:
 *
 * <p>the COMPLETE trials, in trial-number order, are cut into consecutive blocks of {@code populationSize}; block
 * g is generation g. A new trial belongs to the generation that the COMPLETE trials numbered below it have not
 * filled yet, and breeds from the elite of the previous generation plus its parents. Run sequentially this is
 * exactly Optuna's bookkeeping (failed and pruned trials take no place, just as Optuna ignores them). With
 * parallel workers a late finisher can move later trials into the next block; they were bred from an older elite
 * but remain valid individuals, and every sampler that sees the same history still agrees on every block.
 *
 * <p>Each generation's elite is cached. A block made only of settled trials (see {@link SettledHistory}) can never
 * change, so its entry is reused outright; a block touching later trials is checked against a fingerprint of its
 * trials (numbers, values, constraints) and of its parents.
 */
final class Generations {
    private final int populationSize;
    private final EliteSelection elite;
    private final long seed;
    private final SettledHistory history;
    private final List<Entry> cache = new ArrayList<>();

    private record Entry(long fingerprint, boolean settled, Population elite) {
    }

    Generations(int populationSize, EliteSelection elite, long seed, SettledHistory history) {
        this.populationSize = populationSize;
        this.elite = elite;
        this.seed = seed;
        this.history = history;
    }

    /** The generation trial {@code number} belongs to: 0 for the randomly drawn first one. */
    int generationOf(List<FrozenTrial> pending, int number) {
        return usableBefore(pending, number).size() / populationSize;
    }

    /**
     * The parents of trial {@code number}'s generation, or null while it is the first generation.
     *
     * @param pending what {@link SettledHistory#refresh} just returned for {@code study}
     */
    Population parentsOf(StudyView study, List<FrozenTrial> pending, int number) {
        List<FrozenTrial> usable = usableBefore(pending, number);
        int settledCount = Math.min(usable.size(), history.settled().size());
        int full = usable.size() / populationSize;
        long fingerprint = seed;
        Population parents = null;
        for (int g = 0; g < full; g++) {
            int end = (g + 1) * populationSize;
            if (g < cache.size() && cache.get(g).settled()) {
                fingerprint = cache.get(g).fingerprint();
                parents = cache.get(g).elite();
                continue;
            }
            List<FrozenTrial> block = usable.subList(end - populationSize, end);
            fingerprint = fingerprint(fingerprint, block);
            if (g < cache.size() && cache.get(g).fingerprint() == fingerprint) {
                parents = cache.get(g).elite();
                continue;
            }
            while (cache.size() > g) {
                cache.remove(cache.size() - 1);
            }
            List<FrozenTrial> candidates = new ArrayList<>(block);
            if (parents != null) {
                candidates.addAll(parents.members());
            }
            // Seeded by the fingerprint, so ties in the selection resolve the same way for the same history.
            parents = elite.select(candidates, study.directions(), new Random(fingerprint));
            cache.add(new Entry(fingerprint, end <= settledCount, parents));
        }
        return parents;
    }

    private List<FrozenTrial> usableBefore(List<FrozenTrial> pending, int number) {
        List<FrozenTrial> settled = history.settled();
        int below = settled.size();
        while (below > 0 && settled.get(below - 1).number() >= number) {
            below--;
        }
        if (pending.isEmpty() || pending.get(0).number() >= number) {
            return settled.subList(0, below);
        }
        List<FrozenTrial> usable = new ArrayList<>(settled.subList(0, below));
        for (FrozenTrial t : pending) {
            if (t.number() < number) {
                usable.add(t);
            }
        }
        return usable;
    }

    private static long fingerprint(long previous, List<FrozenTrial> block) {
        long h = previous;
        for (FrozenTrial t : block) {
            h = mix(h, t.number());
            for (double v : t.values()) {
                h = mix(h, Double.doubleToLongBits(v));
            }
            for (double c : t.constraints()) {
                h = mix(h, Double.doubleToLongBits(c));
            }
        }
        return h;
    }

    /** SplitMix64's finaliser over the running hash: cheap and well spread. */
    private static long mix(long h, long value) {
        long z = h * 31 + value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
