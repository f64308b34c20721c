package io.branchwise.trainer.dl4j.network;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The caching dense and output layers compute what DL4J's own layers compute: outputs, score and gradients, over
 * several Adam steps, for the activations and losses the trainer maps task heads to.
 */
class CachingLayersTest {
    @TempDir
    Path dir;

    private static Layer dense(int in, int out, Activation act, boolean bias, boolean caching, boolean inputGradient) {
        DenseLayer d = new DenseLayer.Builder().nIn(in).nOut(out).activation(act).hasBias(bias).build();
        return caching ? CachingDense.of(d, inputGradient) : d;
    }

    private static Layer output(OutputLayer.Builder builder, boolean caching) {
        return caching ? new CachingOutput(builder) : builder.build();
    }

    private static ComputationGraph net(Activation act, boolean batchNorm, boolean caching) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(4).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).weightInit(WeightInit.XAVIER)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder().addInputs("in");
        // d0 reads the input and skips its input gradient; d1 must pass a true gradient back to d0 (or batch norm).
        g.addLayer("d0", dense(6, 12, batchNorm ? Activation.IDENTITY : act, !batchNorm, caching, false), "in");
        String last = "d0";
        if (batchNorm) {
            g.addLayer("bn", new BatchNormalization.Builder().nIn(12).nOut(12).activation(act).build(), "d0");
            last = "bn";
        }
        g.addLayer("d1", dense(12, 9, act, true, caching, true), last);
        // Three heads on the last hidden layer, as in hard sharing: its epsilon is the sum of three. The sigmoid head
        // takes the caching output layer's copy-before-backprop path.
        g.addLayer("a", output(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(9).nOut(3).activation(Activation.SOFTMAX), caching), "d1");
        g.addLayer("b", output(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(9).nOut(2).activation(Activation.IDENTITY), caching), "d1");
        g.addLayer("c", output(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(9).nOut(1).activation(Activation.SIGMOID), caching), "d1");
        ComputationGraph net = new ComputationGraph(g.setOutputs("a", "b", "c").build());
        net.init();
        return net;
    }

    @ParameterizedTest
    @CsvSource({"RELU,false", "TANH,false", "LEAKYRELU,false", "RELU,true", "SIGMOID,true"})
    void sameOutputsScoreAndGradientsAsDl4jsDenseLayer(Activation act, boolean batchNorm) {
        ComputationGraph reference = net(act, batchNorm, false);
        ComputationGraph caching = net(act, batchNorm, true);
        assertThat(caching.getLayer("d1")).isInstanceOf(CachingDenseLayer.class);
        assertThat(caching.getLayer("c")).isInstanceOf(CachingOutputLayer.class);
        assertThat(caching.params().toFloatVector()).containsExactly(reference.params().toFloatVector());

        Nd4j.getRandom().setSeed(12);
        INDArray x = Nd4j.randn(DataType.FLOAT, 32, 6);
        INDArray ya = Nd4j.zeros(DataType.FLOAT, 32, 3);
        for (int i = 0; i < 32; i++) {
            ya.putScalar(i, i % 3, 1f);
        }
        INDArray yb = Nd4j.randn(DataType.FLOAT, 32, 2);
        INDArray yc = Nd4j.rand(DataType.FLOAT, 32, 1).gt(0.5).castTo(DataType.FLOAT);
        for (int step = 0; step < 3; step++) { // a few Adam steps, so later gradients depend on earlier ones
            for (ComputationGraph g : new ComputationGraph[]{reference, caching}) {
                g.setInputs(x);
                g.setLabels(ya, yb, yc);
                g.computeGradientAndScore();
            }
            assertThat(caching.score()).isCloseTo(reference.score(), within(1e-5));
            float[] expected = reference.gradient().gradient().toFloatVector();
            float[] actual = caching.gradient().gradient().toFloatVector();
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("gradient %d", i).isCloseTo(expected[i], within(1e-4f + 1e-4f * Math.abs(expected[i])));
            }
            reference.fit(new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{x}, new INDArray[]{ya, yb, yc}));
            caching.fit(new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{x}, new INDArray[]{ya, yb, yc}));
        }
        INDArray[] out = caching.output(x);
        INDArray[] ref = reference.output(x);
        for (int h = 0; h < 3; h++) {
            float[] e = flat(ref[h]);
            float[] a = flat(out[h]);
            for (int i = 0; i < e.length; i++) {
                assertThat(a[i]).isCloseTo(e[i], within(1e-4f));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"RELU,false"})
    void survivesModelSerializer(Activation act, boolean batchNorm) throws Exception {
        ComputationGraph net = net(act, batchNorm, true);
        File file = dir.resolve("m.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        assertThat(restored.getLayer("d0")).isInstanceOf(CachingDenseLayer.class);
        assertThat(restored.getLayer("a")).isInstanceOf(CachingOutputLayer.class);
        INDArray x = Nd4j.randn(DataType.FLOAT, 5, 6);
        assertThat(flat(restored.output(x)[0])).containsExactly(flat(net.output(x)[0]));
    }

    private static float[] flat(INDArray a) {
        return a.dup('c').reshape(a.length()).toFloatVector();
    }
}
