package io.branchwise.trainer.dl4j.network;

import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.trainer.dl4j.bench.BuiltInHeads;
import io.branchwise.trainer.dl4j.fixtures.SyntheticData;
import io.branchwise.trainer.dl4j.training.MiniBatches;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The updater that skips DL4J's external-gradient path takes exactly DL4J's steps: after {@code fit} steps, and after
 * steps applied through {@link GradientAccess} (the gradient-combining weightings' path), a network with it and one
 * with DL4J's own updater hold bit-identical parameters and optimizer state — with batch norm and dropout too — and
 * every step went through its own path.
 */
class OwnGradientUpdaterTest {
    private static final List<TaskHead> HEADS = List.of(BuiltInHeads.regression("r", "y"), BuiltInHeads.multiclass("s", "k", 3),
            BuiltInHeads.regression("q", "z"));
    private static final SharingLayout LAYOUT = SharingLayout.parse("1x16[1x8[r,q],s]");
    private static final Dataset DATA = new SyntheticData(5)
            .continuous("y", x -> x[0] * 2 - x[1])
            .continuous("z", x -> x[3] * x[4])
            .categorical("k", 3, x -> x[2] > 0.5 ? 2 : x[2] < -0.5 ? 0 : 1)
            .build(400, 11);

    static Stream<Arguments> networks() {
        return Stream.of(Arguments.of(TrainingOptions.Optimizer.ADAM, false, 0.0),
                Arguments.of(TrainingOptions.Optimizer.SGD, false, 0.0),
                Arguments.of(TrainingOptions.Optimizer.ADAM, true, 0.2));
    }

    private static MultiHeadNetwork network(TrainingOptions.Optimizer optimizer, boolean batchNorm, double dropout) {
        TrainingOptions o = new TrainingOptions(1, 64, 0.01, optimizer, "relu", dropout, batchNorm, 0, 5, null);
        return NetworkBuilder.build(LAYOUT, HEADS, 5, o);
    }

    @ParameterizedTest
    @MethodSource("networks")
    void stepsAreDl4jsOwn(TrainingOptions.Optimizer optimizer, boolean batchNorm, double dropout) {
        MultiHeadNetwork ours = network(optimizer, batchNorm, dropout);
        MultiHeadNetwork dl4j = network(optimizer, batchNorm, dropout);
        dl4j.graph().setUpdater(new ComputationGraphUpdater(dl4j.graph()));
        assertThat(ours.graph().getUpdater()).isInstanceOf(OwnGradientUpdater.class);
        assertThat(ours.graph().params().toFloatVector()).containsExactly(dl4j.graph().params().toFloatVector());

        MiniBatches batches = new MiniBatches(DATA.train(), HEADS, ours.outputHeads(), 64, 1);
        int steps = 0;
        for (int epoch = 0; epoch < 2; epoch++) {
            batches.shuffle();
            for (int b = 0; b < batches.count(); b++, steps++) {
                for (MultiHeadNetwork net : List.of(ours, dl4j)) {
                    Nd4j.getRandom().setSeed(100 + steps); // the same dropout masks for both
                    net.setLossWeights(new double[]{1, 0.5, 2});
                    net.graph().fit(batches.batch(b));
                }
            }
        }
        sameState(ours, dl4j, optimizer);
        assertThat(ours.graph().params().toFloatVector())
                .isNotEqualTo(network(optimizer, batchNorm, dropout).graph().params().toFloatVector());

        // The gradient-combining weightings' step: per-task gradients, combined outside DL4J, applied through it.
        GradientAccess oursAccess = new GradientAccess(ours);
        GradientAccess dl4jAccess = new GradientAccess(dl4j);
        MultiDataSet batch = batches.batch(0);
        for (int k = 0; k < 3; k++, steps++) {
            float[] combined = null;
            for (GradientAccess access : List.of(oursAccess, dl4jAccess)) {
                Nd4j.getRandom().setSeed(100 + steps);
                float[][] g = access.taskGradients(batch, new double[3]);
                float[] sum = g[0].clone();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += 0.5f * g[1][i] + g[2][i];
                }
                if (combined == null) {
                    combined = sum;
                } else {
                    assertThat(sum).containsExactly(combined);
                }
                access.applyStep(sum);
            }
        }
        sameState(ours, dl4j, optimizer);

        ComputationGraph graph = ours.graph();
        OwnGradientUpdater updater = (OwnGradientUpdater) graph.getUpdater();
        assertThat(updater.ownSteps()).as("every step took the path for the network's own gradient").isEqualTo(steps);
        assertThat(updater.isOwn(graph.gradient().gradient())).isTrue();
        assertThat(updater.isOwn(graph.params())).isFalse();
    }

    private static void sameState(MultiHeadNetwork ours, MultiHeadNetwork dl4j, TrainingOptions.Optimizer optimizer) {
        assertThat(ours.graph().params().toFloatVector()).containsExactly(dl4j.graph().params().toFloatVector());
        if (optimizer == TrainingOptions.Optimizer.ADAM) {
            assertThat(ours.graph().getUpdater().getStateViewArray().toFloatVector())
                    .containsExactly(dl4j.graph().getUpdater().getStateViewArray().toFloatVector());
        }
    }
}
