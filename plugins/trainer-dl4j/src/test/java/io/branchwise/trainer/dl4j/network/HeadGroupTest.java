package io.branchwise.trainer.dl4j.network;

import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.trainer.dl4j.bench.BuiltInHeads;
import io.branchwise.trainer.dl4j.fixtures.SyntheticData;
import io.branchwise.trainer.dl4j.training.MiniBatches;
import io.branchwise.trainer.dl4j.training.Predictions;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Heads grouped into one output layer compute what separate output layers compute: with the same parameters, the
 * same predictions, the same per-task losses, the same weighted score and the same gradient for every parameter,
 * whatever the mix of loss kinds and their order in the spec.
 */
class HeadGroupTest {
    // Kinds interleaved on purpose: each run of one kind is its own segment of the group.
    private static final List<TaskHead> HEADS = List.of(BuiltInHeads.binary("b1", "p"), BuiltInHeads.regression("r1", "y"),
            BuiltInHeads.multiclass("s", "k", 3), BuiltInHeads.binary("b2", "q"), BuiltInHeads.regression("r2", "z"));
    private static final Dataset DATA = new SyntheticData(5)
            .continuous("y", x -> x[0] * 2 - x[1])
            .continuous("z", x -> x[3] * x[4])
            .categorical("k", 3, x -> x[2] > 0.5 ? 2 : x[2] < -0.5 ? 0 : 1)
            .categorical("p", 2, x -> x[0] > 0 ? 1 : 0)
            .categorical("q", 2, x -> x[1] + x[2] > 0 ? 1 : 0)
            .build(300, 11);
    private static final TrainingOptions OPTIONS = new TrainingOptions(1, 64, 0.01, TrainingOptions.Optimizer.ADAM,
            "tanh", 0.0, false, 0, 5, null);
    private static final SharingLayout LAYOUT = SharingLayout.parse("1x8[b1,r1,s,b2,r2]");

    @Test
    void aGroupedLayerComputesWhatSeparateHeadsCompute() {
        MultiHeadNetwork separate = NetworkBuilder.build(LAYOUT, HEADS, 5, OPTIONS, false);
        MultiHeadNetwork grouped = NetworkBuilder.build(LAYOUT, HEADS, 5, OPTIONS, true);
        assertThat(separate.graph().getNumOutputArrays()).isEqualTo(5);
        assertThat(grouped.graph().getNumOutputArrays()).isEqualTo(1);
        copyParameters(separate, grouped);

        double[] weights = {0.5, 2.0, 1.0, 0.7, 1.3};
        separate.setLossWeights(weights);
        grouped.setLossWeights(weights);
        double sepScore = score(separate, new MiniBatches(DATA.train(), HEADS, 64, 1));
        double grpScore = score(grouped, new MiniBatches(DATA.train(), HEADS, grouped.outputHeads(), 64, 1));
        assertThat(grpScore).isCloseTo(sepScore, within(1e-5 * Math.abs(sepScore)));
        double[] sepLosses = separate.lastLosses(new double[5]);
        double[] grpLosses = grouped.lastLosses(new double[5]);
        for (int t = 0; t < 5; t++) {
            assertThat(grpLosses[t]).as(HEADS.get(t).name()).isCloseTo(sepLosses[t], within(1e-5));
        }

        Map<String, INDArray> sepGrad = separate.graph().gradient().gradientForVariable();
        Map<String, INDArray> grpGrad = grouped.graph().gradient().gradientForVariable();
        assertClose(grpGrad.get("n0l0_W"), sepGrad.get("n0l0_W"), "trunk weights");
        assertClose(grpGrad.get("n0l0_b"), sepGrad.get("n0l0_b"), "trunk bias");
        for (int h = 0; h < HEADS.size(); h++) {
            String layer = "h" + h;
            assertClose(block(grpGrad.get("g0_W"), grouped, h), sepGrad.get(layer + "_W"), layer + " weights");
            assertClose(block(grpGrad.get("g0_b"), grouped, h), sepGrad.get(layer + "_b"), layer + " bias");
        }

        float[][] sepOut = Predictions.predict(separate.graph(), HEADS, DATA.validation());
        float[][] grpOut = Predictions.predict(grouped, DATA.validation());
        for (int h = 0; h < HEADS.size(); h++) {
            for (int i = 0; i < sepOut[h].length; i++) {
                assertThat(grpOut[h][i]).isCloseTo(sepOut[h][i], within(1e-5f));
            }
        }
    }

    @Test
    void eachHeadOfAGroupStartsAtItsOwnXavierScale() {
        List<TaskHead> heads = List.of(BuiltInHeads.binary("b1", "p"), BuiltInHeads.multiclass("s", "k", 30));
        MultiHeadNetwork grouped = NetworkBuilder.build(SharingLayout.parse("1x512[b1,s]"), heads, 5, OPTIONS, true);
        INDArray w = grouped.graph().getLayer("g0").getParam(DefaultParamInitializer.WEIGHT_KEY);
        // Variance 2 / (fan-in + the head's own width), not 2 / (fan-in + the group's total width).
        double binaryStd = w.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1)).stdNumber().doubleValue();
        double softmaxStd = w.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 31)).stdNumber().doubleValue();
        assertThat(binaryStd).isCloseTo(Math.sqrt(2.0 / 513), within(0.15 * Math.sqrt(2.0 / 513)));
        assertThat(softmaxStd).isCloseTo(Math.sqrt(2.0 / 542), within(0.05 * Math.sqrt(2.0 / 542)));
        assertThat(grouped.graph().getLayer("g0").getParam(DefaultParamInitializer.BIAS_KEY).sumNumber().doubleValue())
                .isZero();
    }

    private static double score(MultiHeadNetwork net, MiniBatches batches) {
        MultiDataSet batch = batches.batch(0);
        ComputationGraph g = net.graph();
        g.setInputs(batch.getFeatures());
        g.setLabels(batch.getLabels());
        g.computeGradientAndScore();
        return g.score();
    }

    private static INDArray block(INDArray groupParam, MultiHeadNetwork grouped, int head) {
        int from = grouped.offsetOf(head);
        int width = HEADS.get(head).outputSize();
        return groupParam.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + width));
    }

    private static void copyParameters(MultiHeadNetwork from, MultiHeadNetwork to) {
        for (String p : List.of(DefaultParamInitializer.WEIGHT_KEY, DefaultParamInitializer.BIAS_KEY)) {
            to.graph().getLayer("n0l0").getParam(p).assign(from.graph().getLayer("n0l0").getParam(p));
            for (int h = 0; h < HEADS.size(); h++) {
                block(to.graph().getLayer("g0").getParam(p), to, h).assign(from.graph().getLayer("h" + h).getParam(p));
            }
        }
    }

    private static void assertClose(INDArray actual, INDArray expected, String what) {
        float[] a = actual.dup('c').reshape(actual.length()).toFloatVector();
        float[] e = expected.dup('c').reshape(expected.length()).toFloatVector();
        assertThat(a).as(what).hasSameSizeAs(e);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as(what + "[" + i + "]").isCloseTo(e[i], within(1e-5f + 1e-4f * Math.abs(e[i])));
        }
    }
}
