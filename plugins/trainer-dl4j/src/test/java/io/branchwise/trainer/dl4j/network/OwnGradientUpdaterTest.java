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
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The updater that skips DL4J's external-gradient path takes exactly DL4J's steps: after several {@code fit} steps a
 * network with it and one with DL4J's own updater hold bit-identical parameters and optimizer state.
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

    private static MultiHeadNetwork network(TrainingOptions.Optimizer optimizer) {
        TrainingOptions o = new TrainingOptions(1, 64, 0.01, optimizer, "relu", 0.0, false, 0, 5, null);
        return NetworkBuilder.build(LAYOUT, HEADS, 5, o);
    }

    @ParameterizedTest
    @EnumSource(TrainingOptions.Optimizer.class)
    void stepsAreDl4jsOwn(TrainingOptions.Optimizer optimizer) {
        MultiHeadNetwork ours = network(optimizer);
        MultiHeadNetwork dl4j = network(optimizer);
        dl4j.graph().setUpdater(new ComputationGraphUpdater(dl4j.graph()));
        assertThat(ours.graph().getUpdater()).isInstanceOf(OwnGradientUpdater.class);
        assertThat(ours.graph().params().toFloatVector()).containsExactly(dl4j.graph().params().toFloatVector());

        MiniBatches batches = new MiniBatches(DATA.train(), HEADS, ours.outputHeads(), 64, 1);
        for (int epoch = 0; epoch < 2; epoch++) {
            batches.shuffle();
            for (int b = 0; b < batches.count(); b++) {
                ours.setLossWeights(new double[]{1, 0.5, 2});
                dl4j.setLossWeights(new double[]{1, 0.5, 2});
                ours.graph().fit(batches.batch(b));
                dl4j.graph().fit(batches.batch(b));
            }
        }
        assertThat(ours.graph().params().toFloatVector()).containsExactly(dl4j.graph().params().toFloatVector());
        if (optimizer == TrainingOptions.Optimizer.ADAM) {
            assertThat(ours.graph().getUpdater().getStateViewArray().toFloatVector())
                    .containsExactly(dl4j.graph().getUpdater().getStateViewArray().toFloatVector());
        }
        // The training moved the parameters, and through the path this updater exists for.
        assertThat(ours.graph().params().toFloatVector()).isNotEqualTo(network(optimizer).graph().params().toFloatVector());
        ComputationGraph graph = ours.graph();
        assertThat(((OwnGradientUpdater) graph.getUpdater()).isOwn(graph.gradient().gradient())).isTrue();
        assertThat(((OwnGradientUpdater) graph.getUpdater()).isOwn(graph.params())).isFalse();
    }
}
