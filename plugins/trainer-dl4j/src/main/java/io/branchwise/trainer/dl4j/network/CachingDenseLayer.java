package io.branchwise.trainer.dl4j.network;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dense layer that keeps its forward pass for the backward pass. Profiling the reference MLP (perf, JFR, ND4J's op
 * profiler) showed three avoidable costs in DL4J 1.0.0-M2.1's own dense layer:
 * <ul>
 *   <li>backprop recomputes {@code x·W + b} (a third of the layer's matrix products);</li>
 *   <li>each product goes into a C-ordered array through an F-ordered temporary and a copy;</li>
 *   <li>ReLU's derivative runs through libnd4j's {@code relu_bp}, a per-element lambda with index arithmetic,
 *       about a fifth of the training thread's time on its own.</li>
 * </ul>
 * Here one GEMM writes {@code x·W} straight into a C-ordered array (C order like DL4J's other activations and
 * epsilons, so element-wise ops take their fast contiguous path), the backward pass reuses what the forward pass
 * made, and ReLU's derivative is {@code step(out)·ε}: for plain ReLU, {@code out > 0 ⇔ z > 0}, so the output itself
 * serves. Other activations keep a copy of {@code z} in training mode. A layer that reads the network input skips
 * the gradient for its input, which nothing uses. Weight noise and layer norm are not
 * supported (the trainer uses neither); a backward pass with nothing saved falls back to DL4J's implementation.
 */
public class CachingDenseLayer extends DenseLayer {
    private static final long serialVersionUID = 1L;

    /** The bias and its gradient as rows, made once ({@link Bias.Row}). */
    private final transient Bias.Row bias = new Bias.Row();
    private final transient Bias.Row biasGradient = new Bias.Row();

    /** The activation (plain ReLU) or the pre-activation (others) from the last training forward pass. */
    private transient INDArray saved;
    private transient boolean savedIsOutput;

    public CachingDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray x = input.castTo(w.dataType());
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, w.dataType(), new long[]{x.size(0), w.size(1)}, 'c');
        Bias.affine(x, w, hasBias() ? bias.of(getParam(DefaultParamInitializer.BIAS_KEY)) : null, z);
        IActivation fn = layerConf().getActivationFn();
        savedIsOutput = fn instanceof ActivationReLU relu && relu.equals(new ActivationReLU());
        saved = null;
        if (training && !savedIsOutput) {
            saved = workspaceMgr.dup(ArrayType.ACTIVATIONS, z, 'c');
        }
        INDArray out = fn.getActivation(z, training);
        if (maskArray != null) {
            applyMask(out);
        }
        if (training && savedIsOutput) {
            saved = out;
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (saved == null) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray delta;
        if (savedIsOutput) {
            // Into a new array: the output is still the input of the layers after this one, and DL4J scores the
            // output layers after backprop.
            delta = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, epsilon.dataType(), epsilon.shape(), epsilon.ordering());
            Nd4j.exec(new Step(saved, delta));
            delta.muli(epsilon);
        } else {
            delta = layerConf().getActivationFn().backprop(saved, epsilon).getFirst();
        }
        saved = null;
        if (maskArray != null) {
            applyMask(delta);
        }
        Gradient gradient = new DefaultGradient();
        if (hasBias()) {
            INDArray biasGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            Bias.gradient(delta, biasGradient.of(biasGrad));
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
        }
        INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        Gemm.gemm(input.castTo(weightGrad.dataType()), delta, weightGrad, true, false, 1.0, 0.0);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);

        INDArray epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
                new long[]{delta.size(0), w.size(0)}, 'c');
        if (((CachingDense) layerConf()).inputGradient()) {
            Gemm.gemm(delta, w, epsilonNext, false, true, 1.0, 0.0);
        }
        // Otherwise the array is left uninitialised: DL4J hands a network input's epsilon to no one, and a null
        // would break its summing of epsilons when several layers read the input.
        weightNoiseParams.clear();
        return new Pair<>(gradient, backpropDropOutIfPresent(epsilonNext));
    }

    @Override
    public void clear() {
        super.clear();
        saved = null;
    }
}
