package io.branchwise.trainer.dl4j.training;

import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.task.TaskHead;
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
            for (int h = 0; h < heads.size(); h++) {
                int w = heads.get(h).outputSize();
                float[] flat = y[h].dup('c').data().asFloat();
                System.arraycopy(flat, 0, out[h], from * w, n * w);
            }
        }
        return out;
    }

    /** Per task name, every metric of its type on {@code split}; empty maps for an empty split. */
    public static Map<String, Map<String, Double>> metrics(ComputationGraph graph, List<TaskHead> heads, Split split) {
        Map<String, Map<String, Double>> result = new LinkedHashMap<>();
        if (split.rows() == 0) {
            heads.forEach(h -> result.put(h.name(), Map.of()));
            return result;
        }
        float[][] predictions = predict(graph, heads, split);
        for (int h = 0; h < heads.size(); h++) {
            TaskHead head = heads.get(h);
            result.put(head.name(), new LinkedHashMap<>(head.metrics(predictions[h], split)));
        }
        return result;
    }
}
