package io.branchwise.trainer.dl4j.network;

import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.space.layout.Block;
import io.branchwise.space.layout.ParameterCount;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.trainer.dl4j.bench.BuiltInHeads;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkBuilderTest {
    private static final int INPUT = 7;
    private static final List<TaskHead> HEADS = List.of(
            BuiltInHeads.regression("a", "ya"), BuiltInHeads.multiclass("b", "yb", 5), BuiltInHeads.binary("c", "yc"), BuiltInHeads.regression("d", "yd"));
    private static final TrainingOptions OPTIONS = TrainingOptions.defaults().withSeed(3);

    static Map<String, Integer> headSizes() {
        Map<String, Integer> m = new HashMap<>();
        HEADS.forEach(h -> m.put(h.name(), h.outputSize()));
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2x16[a,b,c,d]",                       // hard sharing
            "1x12[1x8[a,b],2x6[c,d]]",             // grouped
            "0x0[1x9[a],1x9[b],1x9[c],1x9[d]]",    // task-specific
            "1x10[a,2x4[b,1x3[c,d]]]",             // deeper tree, a head on the trunk
            "0x0[a,b,c,d]"})                       // linear heads straight on the input
    void parameterCountMatchesTheLayoutAndEachHeadHasItsShape(String text) {
        SharingLayout layout = SharingLayout.parse(text);
        MultiHeadNetwork net = NetworkBuilder.build(layout, HEADS, INPUT, OPTIONS);
        ParameterCount expected = layout.parameterCount(INPUT, headSizes());

        assertThat(net.graph().numParams()).isEqualTo(expected.total());
        // The index's "shared" part is the layout's shared parameters (used by two or more tasks).
        assertThat((long) net.parameters().sharedLength()).isEqualTo(expected.shared());

        INDArray[] out = net.graph().output(Nd4j.rand(3, INPUT));
        assertThat(out).hasSize(HEADS.size());
        for (int h = 0; h < HEADS.size(); h++) {
            assertThat(out[h].shape()).containsExactly(3, HEADS.get(h).outputSize());
        }
        // Softmax rows sum to 1, sigmoid outputs lie in (0, 1): the activations were mapped.
        for (double s : out[1].sum(1).toDoubleVector()) {
            assertThat(s).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
        for (double v : out[2].toDoubleVector()) {
            assertThat(v).isStrictlyBetween(0.0, 1.0);
        }
    }

    @Test
    void parameterIndexPointsAtEachLayersOwnParameters() {
        MultiHeadNetwork net = NetworkBuilder.build(SharingLayout.parse("1x12[1x8[a,b],2x6[c,d]]"), HEADS, INPUT, OPTIONS);
        ComputationGraph g = net.graph();
        float[] flat = g.params().toFloatVector();
        int covered = 0;
        for (ParameterIndex.Segment s : net.parameters().segments()) {
            Layer layer = g.getLayer(s.layer());
            float[] own = layer.getParam(s.param()).dup('f').reshape('f', new long[]{s.length()}).toFloatVector();
            float[] slice = java.util.Arrays.copyOfRange(flat, s.from(), s.to());
            assertThat(slice).as(s.layer() + "_" + s.param()).containsExactly(own);
            covered += s.length();
        }
        assertThat(covered).isEqualTo(flat.length);
    }

    @Test
    void taskSetsFollowTheTree() {
        MultiHeadNetwork net = NetworkBuilder.build(SharingLayout.parse("1x12[1x8[a,b],2x6[c,d]]"), HEADS, INPUT, OPTIONS);
        Map<String, String> tasksByLayer = new HashMap<>();
        net.parameters().segments().forEach(s -> tasksByLayer.put(s.layer(), String.join(",", s.tasks())));
        assertThat(tasksByLayer).containsEntry("n0l0", "a,b,c,d")
                .containsEntry("n1l0", "a,b")
                .containsEntry("n2l0", "c,d").containsEntry("n2l1", "c,d")
                .containsEntry("h0", "a").containsEntry("h1", "b").containsEntry("h2", "c").containsEntry("h3", "d");
    }

    @Test
    void batchNormAddsNormalisationAndKeepsItsRunningStatisticsOutOfTheLossGradient() {
        TrainingOptions bn = new TrainingOptions(1, 32, 1e-3, TrainingOptions.Optimizer.ADAM, "relu", 0.2, true, 0, 1, null);
        SharingLayout layout = SharingLayout.hardSharing(new Block(2, 16), List.of("a", "b", "c", "d"));
        MultiHeadNetwork net = NetworkBuilder.build(layout, HEADS, INPUT, bn);
        assertThat(net.parameters().segments()).anyMatch(s -> s.layer().endsWith("bn") && !s.lossGradient());
        assertThat(net.parameters().segments()).anyMatch(s -> s.layer().endsWith("bn") && s.lossGradient());
        // Dense layers drop their bias under batch norm: W only.
        assertThat(net.parameters().segments()).filteredOn(s -> s.layer().equals("n0l0")).extracting(ParameterIndex.Segment::param)
                .containsExactly("W");
        assertThat(net.graph().output(Nd4j.rand(4, INPUT))[0].shape()).containsExactly(4, 1);
    }

    @Test
    void crossEntropyOnTheWrongActivationIsRefused() {
        TaskHead mismatched = new MismatchedHead();
        assertThatThrownBy(() -> NetworkBuilder.build(SharingLayout.parse("1x4[m]"), List.of(mismatched), INPUT, OPTIONS))
                .hasMessageContaining("softmax cross-entropy needs a SOFTMAX output");
    }

    @Test
    void aLayoutForOtherTasksIsRefused() {
        assertThatThrownBy(() -> NetworkBuilder.build(SharingLayout.parse("1x4[a,b]"), HEADS, INPUT, OPTIONS))
                .hasMessageContaining("missing");
    }

    private static final class MismatchedHead implements TaskHead {
        @Override
        public io.branchwise.plugin.task.TaskDefinition task() {
            return io.branchwise.plugin.task.TaskDefinition.of("m", "x", "y");
        }

        @Override
        public int outputSize() {
            return 3;
        }

        @Override
        public io.branchwise.plugin.task.OutputActivation activation() {
            return io.branchwise.plugin.task.OutputActivation.IDENTITY;
        }

        @Override
        public io.branchwise.plugin.task.LossKind loss() {
            return io.branchwise.plugin.task.LossKind.SOFTMAX_CROSS_ENTROPY;
        }

        @Override
        public float[] labels(io.branchwise.plugin.data.Split split) {
            return new float[0];
        }

        @Override
        public Map<String, Double> metrics(float[] predictions, io.branchwise.plugin.data.Split split) {
            return Map.of();
        }

        @Override
        public String metric() {
            return "none";
        }

        @Override
        public boolean higherIsBetter(String metric) {
            return true;
        }
    }
}
