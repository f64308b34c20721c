package io.branchwise.trainer.dl4j.network;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.nio.FloatBuffer;

/**
 * Gradients task by task, and updates DL4J did not compute itself. DL4J's {@code fit} only knows one summed loss;
 * this class gets each task's gradient by setting the loss weights one-hot and running
 * {@code computeGradientAndScore()}, then applies any externally combined gradient through the network's own
 * updater (so Adam's moments and bias correction stay DL4J's) and {@code params −= update}, exactly the step
 * {@code fit} takes.
 *
 * <p>Gradients are handed out as plain {@code float[]} of the full parameter length in mean-loss units (DL4J keeps
 * batch sums until its updater divides them), and written back in the same units. Buffers are reused between calls.
 */
public final class GradientAccess {
    private final MultiHeadNetwork network;
    private final ComputationGraph graph;
    private final ParameterIndex index;
    private final float[][] taskGradients;
    private final float[] writeBuffer;

    public GradientAccess(MultiHeadNetwork network) {
        this.network = network;
        this.graph = network.graph();
        this.index = network.parameters();
        this.taskGradients = new float[network.taskCount()][index.size()];
        this.writeBuffer = new float[index.size()];
    }

    public MultiHeadNetwork network() {
        return network;
    }

    /**
     * Every task's gradient of its own mean loss on {@code batch} (training mode, so dropout applies), full length;
     * {@code losses} receives each task's unweighted mean loss. The returned arrays are reused by the next call.
     */
    public float[][] taskGradients(MultiDataSet batch, double[] losses) {
        graph.setInputs(batch.getFeatures());
        graph.setLabels(batch.getLabels());
        float scale = 1f / batch.getFeatures(0).size(0);
        for (int t = 0; t < network.taskCount(); t++) {
            network.setOneHot(t);
            graph.computeGradientAndScore();
            read(gradientView(), taskGradients[t]);
            float[] g = taskGradients[t];
            for (int i = 0; i < g.length; i++) {
                g[i] *= scale;
            }
            losses[t] = network.lastLoss(t);
        }
        return taskGradients;
    }

    /** Every task's unweighted mean loss on {@code batch} in inference mode (no dropout, batch norm's running stats). */
    public double[] inferenceLosses(MultiDataSet batch, double[] out) {
        graph.score(batch, false);
        return network.lastLosses(out);
    }

    /**
     * Takes one optimizer step along {@code gradient} (full length, mean-loss units). Only loss-gradient segments are
     * written: the other entries of the gradient view (batch-norm running statistics) keep what the last backward
     * pass put there, which is the update DL4J itself would apply.
     */
    public void applyStep(float[] gradient) {
        INDArray view = gradientView();
        writeLossGradients(view, gradient);
        int iteration = graph.getIterationCount();
        updater().update(graph.gradient(), iteration, graph.getEpochCount(), 1, LayerWorkspaceMgr.noWorkspaces());
        graph.params().subi(view);
        graph.getConfiguration().setIterationCount(iteration + 1);
    }

    /**
     * A look-ahead step on the shared parameters only: plain gradient descent, {@code shared −= stepSize · gradient}
     * (non-shared entries of {@code gradient} are ignored). Not through the optimizer: Adam's step would be mostly
     * the momentum of joint training, the same whichever task's gradient is fed in, and the measured affinities
     * would all look alike. The caller restores parameters with {@link #snapshot()} / {@link Snapshot#restore()}.
     */
    public void lookAheadStep(float[] gradient, double stepSize) {
        for (int i = 0; i < writeBuffer.length; i++) {
            writeBuffer[i] = 0f;
        }
        index.scatterSharedFrom(gradient, writeBuffer);
        INDArray step = org.nd4j.linalg.factory.Nd4j.createFromArray(writeBuffer).muli(stepSize);
        graph.params().subi(step.reshape(graph.params().shape()));
    }

    /** Copies parameters and optimizer state, to undo look-ahead steps. */
    public Snapshot snapshot() {
        INDArray params = graph.params().dup();
        INDArray state = updater().getStateViewArray();
        return new Snapshot(params, state == null ? null : state.dup());
    }

    public final class Snapshot {
        private final INDArray params;
        private final INDArray state;

        private Snapshot(INDArray params, INDArray state) {
            this.params = params;
            this.state = state;
        }

        public void restore() {
            graph.params().assign(params);
            if (state != null) {
                updater().getStateViewArray().assign(state);
            }
        }
    }

    private ComputationGraphUpdater updater() {
        return graph.getUpdater();
    }

    private INDArray gradientView() {
        Gradient g = graph.gradient();
        if (g == null) {
            throw new IllegalStateException("no gradient computed yet");
        }
        return g.gradient();
    }

    private void writeLossGradients(INDArray view, float[] gradient) {
        FloatBuffer buffer = view.data().asNioFloat();
        int base = (int) view.offset();
        for (ParameterIndex.Segment s : index.segments()) {
            if (s.lossGradient()) {
                buffer.position(base + s.from());
                buffer.put(gradient, s.from(), s.length());
            }
        }
    }

    static void read(INDArray view, float[] out) {
        requireFlat(view, out.length);
        FloatBuffer buffer = view.data().asNioFloat();
        buffer.position((int) view.offset());
        buffer.get(out, 0, out.length);
    }

    static void write(float[] in, INDArray view) {
        requireFlat(view, in.length);
        FloatBuffer buffer = view.data().asNioFloat();
        buffer.position((int) view.offset());
        buffer.put(in, 0, in.length);
    }

    private static void requireFlat(INDArray view, int length) {
        if (view.length() != length || view.dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT || view.elementWiseStride() != 1) {
            throw new IllegalStateException("expected a contiguous float vector of " + length + ", got " + view.shapeInfoToString());
        }
    }
}
