package io.branchwise.space.sampler.tpe;

import java.util.Random;

/**
 * A one-parameter Parzen estimator over choices. As in Optuna, each observation's kernel puts weight 1 + ε on its
 * own choice and ε on every other (ε = priorWeight / kernels), normalised; the prior kernel is uniform. The
 * mixture collapses to one probability per choice, so sampling and scoring cost nothing per observation.
 */
final class CategoricalParzen {
    private final double[] probability;

    CategoricalParzen(int choices, double[] observations, double[] weights, KernelSettings settings) {
        int n = observations.length;
        double[] w = settings.withPrior(weights);
        double epsilon = settings.priorWeight() / (n + 1);
        double hit = (1.0 + epsilon) / (1.0 + choices * epsilon);
        double miss = epsilon / (1.0 + choices * epsilon);
        probability = new double[choices];
        double observed = 0;
        for (int i = 0; i < n; i++) {
            probability[(int) observations[i]] += w[i] * (hit - miss);
            observed += w[i];
        }
        double floor = observed * miss + w[n] / choices;
        for (int c = 0; c < choices; c++) {
            probability[c] += floor;
        }
    }

    double sample(Random random) {
        double u = random.nextDouble();
        double total = 0;
        for (int c = 0; c < probability.length - 1; c++) {
            total += probability[c];
            if (u < total) {
                return c;
            }
        }
        return probability.length - 1;
    }

    double logPdf(double choice) {
        return Math.log(probability[(int) choice]);
    }
}
