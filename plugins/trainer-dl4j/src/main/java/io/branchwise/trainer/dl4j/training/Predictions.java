package io.branchwise.trainer.dl4j.training;

import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.trainer.dl4j.network.MultiHeadNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the network on a split in inference mode and scores every head with its task's own metrics. */
public final class Predictions {
    /** Rows per forward pass: bounds native memory on large splits without costing throughput. */
    private static final int CHUNK = 4096;

    private Predictions() {
    }

    /** Per head, its outputs after activation, {@code rows × outputSize} row-major. */
    public static float[][] predict(ComputationGraph graph, List<TaskHead> heads, Split split) {
        int[] outputOf = java.util.stream.IntStream.range(0, heads.size()).toArray();
        return predict(graph, heads, outputOf, new int[heads.size()], split);
    }

    /** The same for a network whose heads may share outputs ({@link MultiHeadNetwork#outputOf}). */
    public static float[][] predict(MultiHeadNetwork network, Split split) {
        int n = network.taskCount();
        int[] outputOf = new int[n];
        int[] offsetOf = new int[n];
        for (int h = 0; h < n; h++) {
            outputOf[h] = network.outputOf(h);
            offsetOf[h] = network.offsetOf(h);
        }
        return predict(network.graph(), network.heads(), outputOf, offsetOf, split);
    }

    private static float[][] predict(ComputationGraph graph, List<TaskHead> heads, int[] outputOf, int[] offsetOf,
                                     Split split) {
        int rows = split.rows();
        int f = split.featureCount();
        float[][] out = new float[heads.size()][];
        for (int h = 0; h < heads.size(); h++) {
            out[h] = new float[rows * heads.get(h).outputSize()];
        }
        for (int from = 0; from < rows; from += CHUNK) {
            int n = Math.min(CHUNK, rows - from);
            float[] x = java.util.Arrays.copyOfRange(split.features(), from * f, (from + n) * f);
            INDArray[] y = graph.output(false, Nd4j.create(x, new long[]{n, f}, 'c'));
            float[][] flat = new float[y.length][];
            for (int o = 0; o < y.length; o++) {
                flat[o] = y[o].dup('c').data().asFloat();
            }
            for (int h = 0; h < heads.size(); h++) {
                int w = heads.get(h).outputSize();
                int width = (int) y[outputOf[h]].size(1);
                for (int r = 0; r < n; r++) {
                    System.arraycopy(flat[outputOf[h]], r * width + offsetOf[h], out[h], (from + r) * w, w);
                }
            }
        }
        return out;
    }

    /** Per task name, every metric of its type on {@code split}; empty maps for an empty split. */
    public static Map<String, Map<String, Double>> metrics(ComputationGraph graph, List<TaskHead> heads, Split split) {
        return split.rows() == 0 ? empty(heads) : score(heads, predict(graph, heads, split), split);
    }

    /** The same for a network whose heads may share outputs. */
    public static Map<String, Map<String, Double>> metrics(MultiHeadNetwork network, Split split) {
        return split.rows() == 0 ? empty(network.heads()) : score(network.heads(), predict(network, split), split);
    }

    private static Map<String, Map<String, Double>> empty(List<TaskHead> heads) {
        Map<String, Map<String, Double>> result = new LinkedHashMap<>();
        heads.forEach(h -> result.put(h.name(), Map.of()));
        return result;
    }

    private static Map<String, Map<String, Double>> score(List<TaskHead> heads, float[][] predictions, Split split) {
        Map<String, Map<String, Double>> result = new LinkedHashMap<>();
        for (int h = 0; h < heads.size(); h++) {
            TaskHead head = heads.get(h);
            result.put(head.name(), new LinkedHashMap<>(head.metrics(predictions[h], split)));
        }
        return result;
    }
}
