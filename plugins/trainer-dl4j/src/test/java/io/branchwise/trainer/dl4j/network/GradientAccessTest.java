package io.branchwise.trainer.dl4j.network;

import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.trainer.dl4j.bench.BuiltInHeads;
import io.branchwise.trainer.dl4j.fixtures.SyntheticData;
import io.branchwise.trainer.dl4j.training.MiniBatches;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The per-task-gradient technique of STACK.md, checked against DL4J itself: one-hot gradients add up to the joint
 * gradient, and a step applied through {@link GradientAccess} is the step {@code fit} takes.
 */
class GradientAccessTest {
    private static final List<TaskHead> HEADS = List.of(BuiltInHeads.regression("r", "y"), BuiltInHeads.multiclass("s", "k", 3));
    private static final SharingLayout LAYOUT = SharingLayout.parse("1x16[1x8[r],s]");
    private static final Dataset DATA = new SyntheticData(5)
            .continuous("y", x -> x[0] * 2 - x[1])
            .categorical("k", 3, x -> x[2] > 0.5 ? 2 : x[2] < -0.5 ? 0 : 1)
            .build(400, 11);

    private static MultiHeadNetwork network(TrainingOptions.Optimizer optimizer) {
        TrainingOptions o = new TrainingOptions(1, 64, 0.01, optimizer, "tanh", 0.0, false, 0, 5, null);
        return NetworkBuilder.build(LAYOUT, HEADS, 5, o);
    }

    private static MultiDataSet batch() {
        MiniBatches batches = new MiniBatches(DATA.train(), HEADS, 64, 1);
        batches.shuffle();
        return batches.batch(0);
    }

    @Test
    void oneHotGradientsAddUpToTheJointGradient() {
        MultiHeadNetwork net = network(TrainingOptions.Optimizer.ADAM);
        GradientAccess access = new GradientAccess(net);
        MultiDataSet batch = batch();
        float[][] perTask = access.taskGradients(batch, new double[2]);
        float[] sum = new float[perTask[0].length];
        for (float[] g : perTask) {
            for (int i = 0; i < g.length; i++) {
                sum[i] += g[i];
            }
        }
        net.setLossWeights(new double[]{1, 1});
        net.graph().setInputs(batch.getFeatures());
        net.graph().setLabels(batch.getLabels());
        net.graph().computeGradientAndScore();
        float[] joint = net.graph().gradient().gradient().toFloatVector();
        long rows = batch.getFeatures(0).size(0);
        for (int i = 0; i < joint.length; i++) {
            assertThat(sum[i]).isCloseTo(joint[i] / rows, within(1e-5f));
        }
        // Each task's gradient vanishes on the other task's own parameters.
        for (ParameterIndex.Segment s : net.parameters().segments()) {
            if (s.tasks().size() == 1) {
                int other = s.tasks().first().equals("r") ? 1 : 0;
                for (int i = s.from(); i < s.to(); i++) {
                    assertThat(perTask[other][i]).isZero();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TrainingOptions.Optimizer.class)
    void anAppliedSumOfTaskGradientsIsTheStepFitTakes(TrainingOptions.Optimizer optimizer) {
        MultiHeadNetwork viaFit = network(optimizer);
        MultiHeadNetwork viaAccess = network(optimizer);
        assertThat(viaAccess.graph().params().toFloatVector()).containsExactly(viaFit.graph().params().toFloatVector());
        GradientAccess access = new GradientAccess(viaAccess);
        MultiDataSet batch = batch();
        for (int step = 0; step < 3; step++) { // several steps, so Adam's moments and bias correction are exercised
            viaFit.setLossWeights(new double[]{1, 1});
            viaFit.graph().fit(batch);
            float[][] g = access.taskGradients(batch, new double[2]);
            float[] sum = g[0].clone();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += g[1][i];
            }
            access.applyStep(sum);
        }
        float[] a = viaFit.graph().params().toFloatVector();
        float[] b = viaAccess.graph().params().toFloatVector();
        float[] start = network(optimizer).graph().params().toFloatVector();
        double moved = 0;
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).isCloseTo(a[i], within(2e-5f));
            moved += Math.abs(a[i] - start[i]);
        }
        assertThat(moved).isPositive();
        assertThat(viaAccess.graph().getIterationCount()).isEqualTo(viaFit.graph().getIterationCount());
    }

    @Test
    void aLookAheadMovesOnlySharedParametersAndIsUndoneBySnapshot() {
        MultiHeadNetwork net = network(TrainingOptions.Optimizer.ADAM);
        GradientAccess access = new GradientAccess(net);
        MultiDataSet batch = batch();
        net.setLossWeights(new double[]{1, 1});
        net.graph().fit(batch); // non-zero Adam moments everywhere, so a careless look-ahead would move heads too
        float[] params = net.graph().params().toFloatVector();
        float[] state = net.graph().getUpdater().getStateViewArray().toFloatVector();

        GradientAccess.Snapshot snapshot = access.snapshot();
        float[][] g = access.taskGradients(batch, new double[2]);
        access.lookAheadStep(g[0], 0.01);
        float[] moved = net.graph().params().toFloatVector();
        boolean sharedMoved = false;
        for (ParameterIndex.Segment s : net.parameters().segments()) {
            for (int i = s.from(); i < s.to(); i++) {
                if (net.parameters().shared(s)) {
                    sharedMoved |= moved[i] != params[i];
                    assertThat(moved[i]).as(s.layer()).isCloseTo(params[i] - 0.01f * g[0][i], org.assertj.core.data.Offset.offset(1e-6f));
                } else {
                    assertThat(moved[i]).as(s.layer()).isEqualTo(params[i]);
                }
            }
        }
        assertThat(sharedMoved).isTrue();
        snapshot.restore();
        assertThat(net.graph().params().toFloatVector()).containsExactly(params);
        assertThat(net.graph().getUpdater().getStateViewArray().toFloatVector()).containsExactly(state);
    }
}
