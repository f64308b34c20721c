package io.branchwise.trainer.dl4j.network;

import io.branchwise.plugin.task.TaskHead;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.List;

/**
 * A built graph and what the trainer needs to drive it task by task. Outputs, labels, loss weights and losses are
 * all indexed like {@link #heads()}.
 */
public final class MultiHeadNetwork {
    private final ComputationGraph graph;
    private final List<TaskHead> heads;
    private final List<HeadLoss> losses;
    private final ParameterIndex parameters;
    private final int inputSize;
    private final int[] headOutput;
    private final int[] headOffset;
    private final int outputCount;

    MultiHeadNetwork(ComputationGraph graph, List<TaskHead> heads, List<HeadLoss> losses, ParameterIndex parameters,
                     int inputSize, int[] headOutput, int[] headOffset, int outputCount) {
        this.graph = graph;
        this.heads = List.copyOf(heads);
        this.losses = List.copyOf(losses);
        this.parameters = parameters;
        this.inputSize = inputSize;
        this.headOutput = headOutput.clone();
        this.headOffset = headOffset.clone();
        this.outputCount = outputCount;
    }

    /** The graph output that carries head {@code h}'s columns. */
    public int outputOf(int h) {
        return headOutput[h];
    }

    /** The first of head {@code h}'s columns in its output. */
    public int offsetOf(int h) {
        return headOffset[h];
    }

    /** Per graph output, its heads in column order: how labels are laid out for training. */
    public int[][] outputHeads() {
        int[][] out = new int[outputCount][];
        for (int o = 0; o < outputCount; o++) {
            int output = o;
            out[o] = java.util.stream.IntStream.range(0, heads.size()).filter(h -> headOutput[h] == output).boxed()
                    .sorted(java.util.Comparator.comparingInt(h -> headOffset[h])).mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    public ComputationGraph graph() {
        return graph;
    }

    public List<TaskHead> heads() {
        return heads;
    }

    public int taskCount() {
        return heads.size();
    }

    public int inputSize() {
        return inputSize;
    }

    public ParameterIndex parameters() {
        return parameters;
    }

    public List<String> taskNames() {
        return heads.stream().map(TaskHead::name).toList();
    }

    /** Sets the multiplier of every task's loss for the following forward/backward passes. */
    public void setLossWeights(double[] weights) {
        if (weights.length != losses.size()) {
            throw new IllegalArgumentException(weights.length + " weights for " + losses.size() + " tasks");
        }
        for (int t = 0; t < weights.length; t++) {
            losses.get(t).setWeight(weights[t]);
        }
    }

    /** Weight 1 for {@code task}, 0 for the others: the next backward pass yields that task's gradient alone. */
    public void setOneHot(int task) {
        for (int t = 0; t < losses.size(); t++) {
            losses.get(t).setWeight(t == task ? 1.0 : 0.0);
        }
    }

    /** Each task's unweighted mean loss on the last scored batch. */
    public double[] lastLosses(double[] out) {
        for (int t = 0; t < losses.size(); t++) {
            out[t] = losses.get(t).lastMeanScore();
        }
        return out;
    }

    public double lastLoss(int task) {
        return losses.get(task).lastMeanScore();
    }
}
