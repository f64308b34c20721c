package io.branchwise.space.importance;

import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.sampler.IntersectionSearchSpace;
import io.branchwise.space.sampler.RandomSampler;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.StudyView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which parameters mattered, by PED-ANOVA (Watanabe et al. 2023): a parameter is important when the values it took
 * in the best {@code topQuantile} of trials are distributed differently from the values it took in all trials.
 * Per parameter, both distributions are estimated on the unit interval ({@link RandomSampler#toUnit}, so log
 * scales are respected) — numerical ones by a Gaussian KDE (Scott's bandwidth) discretised on a 50-point grid,
 * categorical ones by counts — each mixed with one pseudo-trial of uniform prior so no region has zero mass. The
 * importance is the Pearson divergence Σ p_all · (p_top / p_all − 1)², normalised so all importances sum to 1
 * (equal shares when every divergence is 0). Comparing against all trials rather than the uniform box is the
 * "local" variant: it says what matters among the configurations the search actually visited.
 *
 * <p>Only parameters present, with the same distribution, in every complete trial are ranked (conditional ones
 * drop out), and fixed ones (a single possible value) are left out. Trials whose value is NaN are ignored. Fewer
 * than two usable trials, or no rankable parameter, give an empty map.
 */
public final class ParameterImportance {
    public static final double DEFAULT_TOP_QUANTILE = 0.1;
    private static final int GRID = 50;
    private static final double PRIOR_WEIGHT = 1.0;
    private static final int MIN_TOP = 2;

    private ParameterImportance() {
    }

    public static Map<String, Double> of(StudyView study) {
        return of(study, DEFAULT_TOP_QUANTILE);
    }

    public static Map<String, Double> of(StudyView study, double topQuantile) {
        if (!(topQuantile > 0 && topQuantile < 1)) {
            throw new IllegalArgumentException("top quantile must be in (0, 1), got " + topQuantile);
        }
        if (study.isMultiObjective()) {
            throw new IllegalArgumentException("parameter importance needs one objective; the study has "
                    + study.directions().size() + " (rank one objective, or a scalarisation such as Δm, in its own view)");
        }
        Map<String, Distribution> space = new IntersectionSearchSpace(false).of(study);
        List<FrozenTrial> trials = new ArrayList<>();
        for (FrozenTrial t : study.completeTrials()) {
            if (!Double.isNaN(t.value())) {
                trials.add(t);
            }
        }
        if (trials.size() < 2 || space.isEmpty()) {
            return Map.of();
        }
        boolean maximize = study.direction() == StudyDirection.MAXIMIZE;
        trials.sort(Comparator.comparingDouble(t -> maximize ? -t.value() : t.value()));
        int top = Math.min(trials.size(), Math.max(MIN_TOP, (int) Math.ceil(topQuantile * trials.size())));
        List<FrozenTrial> best = trials.subList(0, top);

        Map<String, Double> divergence = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Distribution> p : space.entrySet()) {
            double[] pAll = density(trials, p.getKey(), p.getValue());
            double[] pTop = density(best, p.getKey(), p.getValue());
            double d = 0;
            for (int k = 0; k < pAll.length; k++) {
                d += pTop[k] * pTop[k] / pAll[k];
            }
            d = Math.max(0.0, d - 1.0);
            divergence.put(p.getKey(), d);
            total += d;
        }
        Map<String, Double> importance = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : divergence.entrySet()) {
            importance.put(e.getKey(), total > 0 ? e.getValue() / total : 1.0 / divergence.size());
        }
        return importance;
    }

    /** A probability mass function over the grid (or the categorical choices) with a uniform prior mixed in. */
    private static double[] density(List<FrozenTrial> trials, String name, Distribution distribution) {
        if (distribution instanceof CategoricalDistribution c) {
            int k = c.choices().size();
            double[] pmf = new double[k];
            for (FrozenTrial t : trials) {
                pmf[(int) (double) t.params().get(name)] += 1;
            }
            for (int i = 0; i < k; i++) {
                pmf[i] = (pmf[i] + PRIOR_WEIGHT / k) / (trials.size() + PRIOR_WEIGHT);
            }
            return pmf;
        }
        double[] u = new double[trials.size()];
        for (int i = 0; i < u.length; i++) {
            u[i] = Math.min(1.0, Math.max(0.0, RandomSampler.toUnit(distribution, trials.get(i).params().get(name))));
        }
        double bandwidth = Math.max(scott(u), 1.0 / GRID);
        double[] pmf = new double[GRID];
        for (double x : u) {
            double[] kernel = new double[GRID];
            double mass = 0;
            for (int k = 0; k < GRID; k++) {
                double z = ((k + 0.5) / GRID - x) / bandwidth;
                kernel[k] = Math.exp(-0.5 * z * z);
                mass += kernel[k];
            }
            // Each trial contributes mass 1 inside [0, 1]: truncating at the edges must not under-weight it.
            for (int k = 0; k < GRID; k++) {
                pmf[k] += kernel[k] / mass;
            }
        }
        for (int k = 0; k < GRID; k++) {
            pmf[k] = (pmf[k] + PRIOR_WEIGHT / GRID) / (u.length + PRIOR_WEIGHT);
        }
        return pmf;
    }

    /** Scott's rule, 1.06 · σ · n^(-1/5). */
    private static double scott(double[] u) {
        double mean = 0;
        for (double x : u) {
            mean += x;
        }
        mean /= u.length;
        double var = 0;
        for (double x : u) {
            var += (x - mean) * (x - mean);
        }
        double sd = u.length > 1 ? Math.sqrt(var / (u.length - 1)) : 0;
        return 1.06 * sd * Math.pow(u.length, -0.2);
    }
}
