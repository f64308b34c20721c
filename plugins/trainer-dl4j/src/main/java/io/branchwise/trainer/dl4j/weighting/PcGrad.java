package io.branchwise.trainer.dl4j.weighting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * PCGrad (Yu et al. 2020): when two tasks' gradients conflict (negative inner product), each is projected onto the
 * normal plane of the other before they are summed. For task i, the other tasks are visited in a random order
 * (seeded) and {@code g_i ← g_i − (g_i·g_j / |g_j|²)·g_j} whenever {@code g_i·g_j < 0}, always against the other
 * task's original gradient. The update is the sum of the projected gradients; task-specific parameters get their
 * own gradients unchanged.
 */
public final class PcGrad implements LossBalancer {
    private final int tasks;
    private final Random random;

    public PcGrad(int tasks, long seed) {
        this.tasks = tasks;
        this.random = new Random(seed);
    }

    @Override
    public double[] stepWeights(long step) {
        return Vectors.filled(tasks, 1.0);
    }

    @Override
    public boolean combinesGradients() {
        return true;
    }

    @Override
    public boolean needsTaskGradients(long step) {
        return tasks > 1;
    }

    @Override
    public Combination combine(TaskGradients gradients, long step) {
        float[][] g = gradients.shared();
        double[] squaredNorm = new double[tasks];
        for (int j = 0; j < tasks; j++) {
            squaredNorm[j] = Vectors.dot(g[j], g[j]);
        }
        float[] sum = new float[gradients.length()];
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            float[] projected = g[i].clone();
            others.clear();
            for (int j = 0; j < tasks; j++) {
                if (j != i) {
                    others.add(j);
                }
            }
            Collections.shuffle(others, random);
            for (int j : others) {
                double d = Vectors.dot(projected, g[j]);
                if (d < 0 && squaredNorm[j] > 0) {
                    Vectors.axpy(-d / squaredNorm[j], g[j], projected);
                }
            }
            Vectors.axpy(1.0, projected, sum);
        }
        return new Combination(sum, Vectors.filled(tasks, 1.0));
    }
}
