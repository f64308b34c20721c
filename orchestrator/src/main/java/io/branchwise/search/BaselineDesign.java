package io.branchwise.search;

import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SpaceSpec;
import io.branchwise.space.layout.Block;
import io.branchwise.space.sampler.qmc.SobolSequence;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The single-task networks each task's baseline is chosen from, so that multi-task gains are measured against a
 * single-task model tuned as carefully as the architecture family the search explores (a fixed, often oversized
 * network that overfits makes any smaller joint model look like transfer).
 *
 * <p>The family is a task's path through a searched layout: depth = trunk + branch depth (at least 1; no hidden
 * layer is the linear model, reported as a floor), width one of the space's widths, and the learning rate where the
 * spec searches it. The first configuration is always {@code search.baseline} at the baselines' learning rate (the
 * reference layouts' block, and what a fixed baseline would be); the others are the whole grid of depths and widths
 * when the learning rate is fixed and the grid fits the budget, otherwise a scrambled Sobol design over the three axes, which covers each axis evenly
 * with few points and, unlike a sequential sampler, lets every configuration of every task train at once.
 */
public final class BaselineDesign {
    /** One single-task network and its learning rate. */
    public record Config(Block block, double learningRate) {
        /** As shown in tables: {@code 2x128 lr 0.001}. */
        public String label() {
            return block + " lr " + String.format(Locale.ROOT, "%.3g", learningRate);
        }
    }

    private BaselineDesign() {
    }

    /** At most {@code search.baseline.trials} distinct configurations, {@code search.baseline} first. */
    public static List<Config> of(SearchSpec spec) {
        int budget = spec.search().baselineTrials();
        Set<Config> out = new LinkedHashSet<>();
        out.add(new Config(spec.search().baseline(), spec.learningRate().baseline()));
        if (budget <= 1) {
            return List.copyOf(out);
        }
        SpaceSpec space = spec.space();
        int minDepth = Math.max(1, space.minTrunkDepth() + space.minBranchDepth());
        int maxDepth = Math.max(minDepth, space.maxTrunkDepth() + space.maxBranchDepth());
        List<Integer> widths = space.widths();
        double low = spec.learningRate().low();
        double high = spec.learningRate().high();
        if (!spec.learningRate().isSearched()) {
            Set<Config> grid = new LinkedHashSet<>(out);
            for (int depth = minDepth; depth <= maxDepth; depth++) {
                for (int width : widths) {
                    grid.add(new Config(Block.of(depth, width), low));
                }
            }
            if (grid.size() <= budget) {
                return List.copyOf(grid);
            }
        }
        SobolSequence sobol = new SobolSequence(true, spec.seed());
        // Repeated points (a coarse grid axis) are skipped; the bound only stops a space with fewer distinct points.
        for (long n = 0; out.size() < budget && n < 64L * budget; n++) {
            int depth = minDepth + index(sobol.coordinate(n, 0), maxDepth - minDepth + 1);
            int width = widths.get(index(sobol.coordinate(n, 1), widths.size()));
            double rate = spec.learningRate().isSearched()
                    ? Math.exp(Math.log(low) + sobol.coordinate(n, 2) * (Math.log(high) - Math.log(low)))
                    : low;
            out.add(new Config(Block.of(depth, width), rate));
        }
        return new ArrayList<>(out);
    }

    private static int index(double u, int size) {
        return Math.min(size - 1, (int) Math.floor(u * size));
    }
}
