package io.branchwise.trainer.dl4j.network;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * Where each layer's parameters sit in the graph's single flattened parameter (and gradient) vector, and which
 * tasks depend on them. Gradient-combining methods and the affinity look-ahead need "the shared part of task t's
 * gradient" as a plain vector; this index is how the trainer cuts it out of DL4J's flat gradient without knowing
 * anything else about the graph.
 *
 * <p>"Shared" means used by at least two tasks (the trunk and every group branch). A network with a single task
 * has nothing shared in that sense, so there every parameter counts as shared: the task's own step then moves the
 * whole network, which is what a 1×1 affinity or a one-task PCGrad should mean.
 */
public final class ParameterIndex {

    /**
     * One parameter array of one layer.
     *
     * @param lossGradient whether its gradient is a true loss gradient, divided by the mini-batch size by DL4J's
     *                     updater. Batch-norm running statistics are not: DL4J passes their updates through the
     *                     gradient view, and they must never be mixed across tasks.
     */
    public record Segment(String layer, String param, int from, int to, SortedSet<String> tasks, boolean lossGradient) {
        public int length() {
            return to - from;
        }
    }

    private final List<Segment> segments;
    private final int size;
    private final int taskCount;
    private final int[] sharedFrom;
    private final int[] sharedTo;
    private final int sharedLength;
    private final List<Segment> lastShared;

    private ParameterIndex(List<Segment> segments, int size, int taskCount) {
        this.segments = List.copyOf(segments);
        this.size = size;
        this.taskCount = taskCount;
        List<Segment> shared = segments.stream().filter(this::isShared).toList();
        sharedFrom = shared.stream().mapToInt(Segment::from).toArray();
        sharedTo = shared.stream().mapToInt(Segment::to).toArray();
        sharedLength = shared.stream().mapToInt(Segment::length).sum();
        lastShared = findLastShared();
    }

    /**
     * Reads the offsets from an initialised graph: DL4J lays parameters out vertex by vertex in topological order,
     * each layer's parameters in its parameter table's order.
     *
     * @param layerTasks for every layer with parameters, the tasks whose predictions depend on it
     */
    public static ParameterIndex of(ComputationGraph graph, Map<String, SortedSet<String>> layerTasks, int taskCount) {
        List<Segment> segments = new ArrayList<>();
        GraphVertex[] vertices = graph.getVertices();
        int offset = 0;
        for (int idx : graph.topologicalSortOrder()) {
            GraphVertex v = vertices[idx];
            if (!v.hasLayer() || v.getLayer().numParams() == 0) {
                continue;
            }
            Layer layer = v.getLayer();
            SortedSet<String> tasks = layerTasks.get(v.getVertexName());
            if (tasks == null) {
                throw new IllegalStateException("no task set for layer " + v.getVertexName());
            }
            for (Map.Entry<String, INDArray> p : layer.paramTable(false).entrySet()) {
                int n = (int) p.getValue().length();
                segments.add(new Segment(v.getVertexName(), p.getKey(), offset, offset + n, tasks,
                        layer.updaterDivideByMinibatch(p.getKey())));
                offset += n;
            }
        }
        if (offset != graph.numParams()) {
            throw new IllegalStateException("indexed " + offset + " parameters, the graph has " + graph.numParams());
        }
        return new ParameterIndex(segments, offset, taskCount);
    }

    private boolean isShared(Segment s) {
        return s.lossGradient() && s.tasks().size() >= Math.min(2, taskCount);
    }

    /** The loss-gradient parameters of the deepest layer every task depends on; empty when no layer is. */
    private List<Segment> findLastShared() {
        String last = null;
        for (Segment s : segments) {
            if (s.tasks().size() == taskCount && s.lossGradient() && s.param().equals("W")) {
                last = s.layer();
            }
        }
        String layer = last;
        return layer == null ? List.of()
                : segments.stream().filter(s -> s.layer().equals(layer) && s.lossGradient()).toList();
    }

    public List<Segment> segments() {
        return segments;
    }

    /** Length of the flat parameter vector. */
    public int size() {
        return size;
    }

    /** Number of shared loss-gradient parameters, the length of {@link #gatherShared}'s output. */
    public int sharedLength() {
        return sharedLength;
    }

    /** Copies the shared part of a full-length vector into {@code out} (length {@link #sharedLength()}). */
    public void gatherShared(float[] full, float[] out) {
        int k = 0;
        for (int s = 0; s < sharedFrom.length; s++) {
            int n = sharedTo[s] - sharedFrom[s];
            System.arraycopy(full, sharedFrom[s], out, k, n);
            k += n;
        }
    }

    /** The inverse of {@link #gatherShared}: writes a shared vector back into its places in a full-length one. */
    public void scatterShared(float[] shared, float[] full) {
        int k = 0;
        for (int s = 0; s < sharedFrom.length; s++) {
            int n = sharedTo[s] - sharedFrom[s];
            System.arraycopy(shared, k, full, sharedFrom[s], n);
            k += n;
        }
    }

    /** Copies the shared entries of one full-length vector into the same places of another. */
    public void scatterSharedFrom(float[] fullSource, float[] fullTarget) {
        for (int s = 0; s < sharedFrom.length; s++) {
            System.arraycopy(fullSource, sharedFrom[s], fullTarget, sharedFrom[s], sharedTo[s] - sharedFrom[s]);
        }
    }

    /** Whether a segment is shared (and so combined across tasks rather than weighted per task). */
    public boolean shared(Segment s) {
        return isShared(s);
    }

    /**
     * The segments GradNorm measures gradient norms on: the last layer shared by all tasks, as in Chen et al. When no
     * layer is shared by every task (task-specific or grouped-from-the-input layouts), every loss-gradient segment:
     * then GradNorm balances the norms of the tasks' whole gradients, the nearest meaningful quantity.
     */
    public List<Segment> gradNormSegments() {
        return lastShared.isEmpty() ? segments.stream().filter(Segment::lossGradient).toList() : lastShared;
    }

    @Override
    public String toString() {
        return Collections.unmodifiableList(segments).toString();
    }
}
