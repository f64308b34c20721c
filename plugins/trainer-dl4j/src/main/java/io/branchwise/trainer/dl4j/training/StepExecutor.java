package io.branchwise.trainer.dl4j.training;

import io.branchwise.trainer.dl4j.network.GradientAccess;
import io.branchwise.trainer.dl4j.network.MultiHeadNetwork;
import io.branchwise.trainer.dl4j.network.ParameterIndex;
import io.branchwise.trainer.dl4j.weighting.Combination;
import io.branchwise.trainer.dl4j.weighting.LossBalancer;
import io.branchwise.trainer.dl4j.weighting.TaskGradients;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;

/**
 * Takes one training step the way the {@link LossBalancer} wants it. A loss-weighting step is DL4J's own
 * {@code fit} on {@code Σ w_t·L_t} (the fast path: one forward and one backward pass). A gradient-combining step
 * takes every task's gradient separately (T backward passes), lets the balancer combine the shared parts, weights
 * the task-specific parts, and applies the result through the network's optimizer.
 */
final class StepExecutor {
    private final MultiHeadNetwork network;
    private final LossBalancer balancer;
    private final ParameterIndex index;
    private float[][] shared;
    private float[] combined;
    private final List<int[]> specificRanges = new ArrayList<>();
    private final List<int[]> focusRanges = new ArrayList<>();

    StepExecutor(MultiHeadNetwork network, LossBalancer balancer) {
        this.network = network;
        this.balancer = balancer;
        this.index = network.parameters();
        List<String> names = network.taskNames();
        for (ParameterIndex.Segment s : index.segments()) {
            if (s.lossGradient() && !index.shared(s)) {
                specificRanges.add(new int[]{s.from(), s.to(), names.indexOf(s.tasks().first())});
            }
        }
        for (ParameterIndex.Segment s : index.gradNormSegments()) {
            focusRanges.add(new int[]{s.from(), s.to()});
        }
    }

    /** Trains on {@code batch}; {@code losses} receives each task's unweighted mean loss before the update. */
    void step(MultiDataSet batch, long step, double[] losses, java.util.function.Supplier<GradientAccess> gradients) {
        if (balancer.needsTaskGradients(step)) {
            combinedStep(batch, step, losses, gradients.get());
        } else {
            network.setLossWeights(balancer.stepWeights(step));
            network.graph().fit(batch);
            network.lastLosses(losses);
        }
        balancer.afterStep(step, losses.clone());
    }

    private void combinedStep(MultiDataSet batch, long step, double[] losses, GradientAccess gradients) {
        int tasks = network.taskCount();
        if (shared == null) {
            shared = new float[tasks][index.sharedLength()];
            combined = new float[index.size()];
        }
        float[][] full = gradients.taskGradients(batch, losses);
        double[] norms = new double[tasks];
        for (int t = 0; t < tasks; t++) {
            index.gatherShared(full[t], shared[t]);
            double sq = 0;
            for (int[] r : focusRanges) {
                for (int i = r[0]; i < r[1]; i++) {
                    sq += (double) full[t][i] * full[t][i];
                }
            }
            norms[t] = Math.sqrt(sq);
        }
        Combination c = balancer.combine(new TaskGradients(shared, norms, losses.clone()), step);
        index.scatterShared(c.shared(), combined);
        for (int[] r : specificRanges) {
            float w = (float) c.taskWeights()[r[2]];
            float[] g = full[r[2]];
            for (int i = r[0]; i < r[1]; i++) {
                combined[i] = w * g[i];
            }
        }
        gradients.applyStep(combined);
    }
}
