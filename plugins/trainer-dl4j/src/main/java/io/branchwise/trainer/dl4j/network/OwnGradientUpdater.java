package io.branchwise.trainer.dl4j.network;

import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * DL4J's updater for a computation graph, without a per-step cost of DL4J 1.0.0-M2.1. Its updater takes one of two
 * paths: one for the network's own gradient, over views of the parameter and gradient vectors it cut once, and one
 * for a gradient held elsewhere ("external"), which cuts those views afresh — for every parameter array, twice a
 * step, four new arrays each, around a regularisation step that does nothing without L1/L2. It tells the two apart
 * by object identity, and {@code Gradient.gradient()} returns a new reshaped view of the network's gradient on every
 * call, so every step took the external path: on the planted example's networks close to half of what a trainer
 * allocates per step, and the garbage collection and native deallocation that follow.
 *
 * <p>Here a gradient over the network's own gradient memory (same buffer, offset and length) takes the first path.
 * The same updater op (Adam, SGD) runs on the same memory in the same order, so the numbers are unchanged. Anything
 * else — a gradient elsewhere, or layers with gradient normalisation, which the skipped per-layer pre-step would
 * apply — goes through DL4J's own code.
 */
final class OwnGradientUpdater extends ComputationGraphUpdater {
    private final boolean normalises;
    /** Steps that took the path for the network's own gradient (tests read it). */
    private long ownSteps;

    OwnGradientUpdater(ComputationGraph graph) {
        super(graph);
        this.normalises = Arrays.stream(getOrderedLayers()).map(Trainable::getConfig).filter(java.util.Objects::nonNull)
                .anyMatch(c -> c.getGradientNormalization() != null && c.getGradientNormalization() != GradientNormalization.None);
    }

    /** Installs the updater on {@code graph} (after {@code init()}, before the first step). */
    static void install(ComputationGraph graph) {
        graph.setUpdater(new OwnGradientUpdater(graph));
    }

    @Override
    public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize,
                                    LayerWorkspaceMgr workspaceMgr) {
        if (normalises || !isOwn(gradient.gradient())) {
            super.update(gradient, iteration, epoch, batchSize, workspaceMgr);
            return;
        }
        ownSteps++;
        if (isMiniBatch()) {
            divideByMinibatch(false, gradient, batchSize);
        }
        workspaceMgr.assertNotOpen(ArrayType.UPDATER_WORKING_MEM, "Updater working memory");
        for (UpdaterBlock block : updaterBlocks) {
            if (block.skipDueToPretrainConfig(false)) {
                continue;
            }
            try (MemoryWorkspace ignored = workspaceMgr.notifyScopeEntered(ArrayType.UPDATER_WORKING_MEM)) {
                block.update(iteration, epoch);
            }
        }
    }

    long ownSteps() {
        return ownSteps;
    }

    /**
     * Whether {@code g} is the network's flattened gradient, whatever view carries it: each view has its own buffer
     * object, so the memory is compared (address, offset, length, both contiguous).
     */
    boolean isOwn(INDArray g) {
        INDArray own = getFlattenedGradientsView();
        return g == own || (g.data().address() == own.data().address() && g.offset() == own.offset()
                && g.length() == own.length() && g.elementWiseStride() == 1 && own.elementWiseStride() == 1);
    }
}
