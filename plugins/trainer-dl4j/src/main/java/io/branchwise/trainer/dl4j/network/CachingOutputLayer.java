package io.branchwise.trainer.dl4j.network;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * An output layer that computes {@code x·W + b} once per training step. DL4J 1.0.0-M2.1's output layer computes it
 * in the backward pass and again when the step is scored, each time through a temporary array and a copy. A
 * multi-task network has one such layer per task, so its fixed cost per operation adds up with the number of tasks.
 * Here the pre-activation is written by one GEMM into a C-ordered array and kept, in training mode, until the
 * layer's input changes; the backward pass and the score reuse it. The array lives outside DL4J's workspaces and is
 * reused across steps (reallocated only when the batch size changes).
 *
 * <p>Loss functions compute activations on a copy of the pre-activation, but a backward pass through a sigmoid (or
 * any activation other than identity, or softmax under cross-entropy) writes into it; those losses get a copy, so
 * the kept array stays intact for the score.
 */
public class CachingOutputLayer extends OutputLayer {
    private static final long serialVersionUID = 1L;

    /** The bias and its gradient as rows, made once ({@link Bias.Row}). */
    private final transient Bias.Row bias = new Bias.Row();
    private final transient Bias.Row biasGradient = new Bias.Row();

    /**
     * The training-mode pre-activation, outside any workspace and reused from step to step: DL4J runs the output
     * layer's backward pass and the scoring in different workspace scopes, so an array from either would be stale in
     * the other.
     */
    private transient INDArray trainingPreOutput;
    private transient boolean cached;

    public CachingOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        cached = false;
        super.setInput(input, workspaceMgr);
    }

    @Override
    public void clear() {
        cached = false;
        super.clear();
    }

    @Override
    protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (training && cached) {
            return trainingPreOutput;
        }
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray x = input.castTo(w.dataType());
        long[] shape = {x.size(0), w.size(1)};
        INDArray z;
        if (training) {
            if (trainingPreOutput == null || trainingPreOutput.size(0) != shape[0] || trainingPreOutput.dataType() != w.dataType()) {
                try (MemoryWorkspace none = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    trainingPreOutput = Nd4j.createUninitialized(w.dataType(), shape, 'c');
                }
            }
            z = trainingPreOutput;
        } else {
            z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, w.dataType(), shape, 'c');
        }
        Bias.affine(x, w, hasBias() ? bias.of(getParam(DefaultParamInitializer.BIAS_KEY)) : null, z);
        if (maskArray != null) {
            applyMask(z);
        }
        cached = training;
        return z;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray z = preOutput(training, workspaceMgr);
        // Activations work in place; the kept pre-activation must survive for backprop and scoring.
        INDArray in = training ? workspaceMgr.dup(ArrayType.ACTIVATIONS, z) : z;
        INDArray out = layerConf().getActivationFn().getActivation(in, training);
        if (maskArray != null) {
            applyMask(out);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray z = preOutput2d(true, workspaceMgr);
        IActivation fn = layerConf().getActivationFn();
        ILossFunction loss = layerConf().getLossFn();
        INDArray zForLoss = leavesPreOutputIntact(fn, loss) ? z : workspaceMgr.dup(ArrayType.BP_WORKING_MEM, z);
        INDArray delta = loss.computeGradient(getLabels2d(workspaceMgr, ArrayType.BP_WORKING_MEM), zForLoss, fn, maskArray);

        Gradient gradient = new DefaultGradient();
        INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        Gemm.gemm(input.castTo(weightGrad.dataType()), delta, weightGrad, true, false, 1.0, 0.0);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
        if (hasBias()) {
            INDArray biasGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            Bias.gradient(delta, biasGradient.of(biasGrad));
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
        }
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
                new long[]{delta.size(0), w.size(0)}, 'c');
        Gemm.gemm(delta, w, epsilonNext, false, true, 1.0, 0.0);
        return new Pair<>(gradient, backpropDropOutIfPresent(epsilonNext));
    }

    /**
     * Identity's backprop returns the epsilon untouched; softmax under cross-entropy skips backprop altogether; a head
     * group's loss never writes into its input.
     */
    private static boolean leavesPreOutputIntact(IActivation fn, ILossFunction loss) {
        ILossFunction inner = loss instanceof WeightedLoss w ? w.inner() : loss;
        return inner instanceof HeadGroupLoss || fn instanceof ActivationIdentity || (fn instanceof ActivationSoftmax && inner instanceof LossMCXENT);
    }
}
