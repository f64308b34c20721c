package io.branchwise.trainer.dl4j.network;

import io.branchwise.plugin.task.LossKind;
import io.branchwise.plugin.task.OutputActivation;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.space.layout.Block;
import io.branchwise.space.layout.LayoutNode;
import io.branchwise.space.layout.SharingLayout;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Builds a {@link ComputationGraph} from a {@link SharingLayout}: each layout node becomes {@code depth} dense
 * layers of {@code width} units fed by its parent's last layer (the input for the root), and each task head a dense
 * output layer on the node it hangs from. The parameter count therefore equals
 * {@link SharingLayout#parameterCount} exactly when batch norm is off.
 *
 * <p>Layer names are {@code n<node>l<layer>} for hidden layers (in depth-first order of the canonical layout) and
 * {@code h<index>} for heads, indexed like the heads list; no task name reaches DL4J, whose parameter keys use
 * {@code _} as a separator.
 */
public final class NetworkBuilder {
    static final String INPUT = "in";
    private static final Set<String> RELU_LIKE = Set.of("relu", "leakyrelu", "elu", "gelu");

    private final SharingLayout layout;
    private final List<TaskHead> heads;
    private final int inputSize;
    private final TrainingOptions options;

    private final boolean groupHeads;
    private ComputationGraphConfiguration.GraphBuilder graph;
    private ComputationGraph net;
    private final Map<String, SortedSet<String>> layerTasks = new HashMap<>();
    private final Map<String, String> headInput = new LinkedHashMap<>();
    private final Map<String, Integer> headInputSize = new HashMap<>();
    private int nodeCounter;

    private NetworkBuilder(SharingLayout layout, List<TaskHead> heads, int inputSize, TrainingOptions options,
                           boolean groupHeads) {
        this.groupHeads = groupHeads;
        this.layout = layout;
        this.heads = List.copyOf(heads);
        this.inputSize = inputSize;
        this.options = options;
    }

    /** Builds and initialises the network with one output layer per head; heads may come in any order. */
    public static MultiHeadNetwork build(SharingLayout layout, List<TaskHead> heads, int inputSize, TrainingOptions options) {
        return build(layout, heads, inputSize, options, false);
    }

    /**
     * Builds and initialises the network. With {@code groupHeads}, heads that hang off the same layer and use their
     * loss's own activation share one output layer ({@link HeadGroupLoss}): the same function, each head's columns
     * initialised as its own layer would be, at a fraction of the native calls per step. A grouped layer has no
     * per-task parameter tensors, so trainings that take per-task gradients (gradient-combining weightings, affinity)
     * build separate heads.
     */
    public static MultiHeadNetwork build(SharingLayout layout, List<TaskHead> heads, int inputSize, TrainingOptions options,
                                         boolean groupHeads) {
        if (inputSize < 1) {
            throw new IllegalArgumentException("input size must be >= 1, got " + inputSize);
        }
        layout.requireTasks(heads.stream().map(TaskHead::name).toList());
        return new NetworkBuilder(layout, heads, inputSize, options, groupHeads).build();
    }

    /** Whether a head uses its loss's own activation, the only pairing {@link HeadGroupLoss} computes. */
    static boolean fusable(TaskHead head) {
        return switch (head.loss()) {
            case BINARY_CROSS_ENTROPY -> head.activation() == OutputActivation.SIGMOID;
            case SOFTMAX_CROSS_ENTROPY -> head.activation() == OutputActivation.SOFTMAX;
            case MSE, MAE -> head.activation() == OutputActivation.IDENTITY;
        };
    }

    private void addOutput(String name, OutputLayer.Builder out, String input, Set<String> tasks) {
        if (options.dropout() > 0 && !input.equals(INPUT)) {
            out.dropOut(new Dropout(1.0 - options.dropout()));
        }
        graph.addLayer(name, new CachingOutput(out), input);
        layerTasks.put(name, new TreeSet<>(tasks));
    }

    private ILossFunction lossOf(String layer) {
        // Read back from the live layer, in case DL4J copied the configuration while building the graph.
        return ((BaseOutputLayer) net.getLayer(layer).conf().getLayer()).getLossFn();
    }

    /**
     * DL4J scales a grouped layer's Gaussian weights by XAVIER's factor for the group's total width; each head's
     * block is rescaled to its own fan-out, the scale a separate output layer would start at (biases stay zero). The
     * draws themselves differ from a separate-head network's, as any change of architecture changes them.
     */
    private void initialiseByHead(String layer, int[] headsInOrder, int[] headOffset) {
        INDArray w = net.getLayer(layer).getParam(DefaultParamInitializer.WEIGHT_KEY);
        long fanIn = w.size(0);
        double groupStd = Math.sqrt(2.0 / (fanIn + w.size(1)));
        for (int h : headsInOrder) {
            int width = heads.get(h).outputSize();
            double std = Math.sqrt(2.0 / (fanIn + width));
            w.get(NDArrayIndex.all(), NDArrayIndex.interval(headOffset[h], headOffset[h] + width)).muli(std / groupStd);
        }
    }

    /** The optimizer DL4J runs; also what the affinity look-ahead steps with. */
    public static IUpdater updater(TrainingOptions options) {
        return switch (options.optimizer()) {
            case ADAM -> new Adam(options.learningRate());
            case SGD -> new Sgd(options.learningRate());
        };
    }

    private MultiHeadNetwork build() {
        NeuralNetConfiguration.Builder global = new NeuralNetConfiguration.Builder()
                .seed(options.seed())
                .dataType(DataType.FLOAT)
                .updater(updater(options))
                .weightInit(RELU_LIKE.contains(options.activation()) ? WeightInit.RELU : WeightInit.XAVIER)
                // Workspaces reuse activation and gradient memory across iterations instead of allocating per batch.
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .cacheMode(CacheMode.NONE);
        graph = global.graphBuilder().addInputs(INPUT)
                // The loss wrapper hides the loss from DL4J's softmax/loss sanity check; HeadMapping does that check.
                .validateOutputLayerConfig(false);

        addNode(layout.root(), INPUT, inputSize);

        // Heads grouped by the layer they hang from, in the order their first head appears.
        Map<String, List<Integer>> byInput = new LinkedHashMap<>();
        for (int h = 0; h < heads.size(); h++) {
            byInput.computeIfAbsent(headInput.get(heads.get(h).name()), k -> new ArrayList<>()).add(h);
        }
        List<String> outputs = new ArrayList<>();
        int[] headOutput = new int[heads.size()];
        int[] headOffset = new int[heads.size()];
        List<Runnable> bindLosses = new ArrayList<>();
        HeadLoss[] losses = new HeadLoss[heads.size()];
        List<int[]> groupInits = new ArrayList<>(); // {output, head...} of fused groups, re-initialised per head below
        for (Map.Entry<String, List<Integer>> group : byInput.entrySet()) {
            String input = group.getKey();
            List<Integer> members = group.getValue();
            boolean fuse = groupHeads && members.size() > 1 && members.stream().allMatch(h -> fusable(heads.get(h)));
            if (!fuse) {
                for (int h : members) {
                    String name = "h" + h;
                    TaskHead head = heads.get(h);
                    OutputLayer.Builder out = new OutputLayer.Builder(new WeightedLoss(HeadMapping.loss(head)))
                            .nIn(headInputSize.get(head.name()))
                            .nOut(head.outputSize())
                            .activation(HeadMapping.activation(head.activation()))
                            .weightInit(WeightInit.XAVIER);
                    addOutput(name, out, input, Set.of(head.name()));
                    int o = outputs.size();
                    outputs.add(name);
                    headOutput[h] = o;
                    headOffset[h] = 0;
                    bindLosses.add(() -> losses[h] = (WeightedLoss) lossOf(name));
                }
                continue;
            }
            // Heads keep the spec's order, so a spec of one kind of task is one segment of the group's loss.
            LossKind[] orderedKinds = members.stream().map(h -> heads.get(h).loss()).toArray(LossKind[]::new);
            int[] widths = members.stream().mapToInt(h -> heads.get(h).outputSize()).toArray();
            int[] orderedHeads = members.stream().mapToInt(Integer::intValue).toArray();
            int offset = 0;
            int o = outputs.size();
            for (int i = 0; i < orderedHeads.length; i++) {
                headOutput[orderedHeads[i]] = o;
                headOffset[orderedHeads[i]] = offset;
                offset += widths[i];
            }
            String name = "g" + o;
            OutputLayer.Builder out = new OutputLayer.Builder(new HeadGroupLoss(orderedKinds, widths))
                    .nIn(headInputSize.get(heads.get(members.get(0)).name()))
                    .nOut(offset)
                    .activation(new HeadGroupActivation(orderedKinds, widths))
                    .weightInit(WeightInit.XAVIER);
            Set<String> names = new TreeSet<>();
            members.forEach(h -> names.add(heads.get(h).name()));
            addOutput(name, out, input, names);
            outputs.add(name);
            for (int i = 0; i < orderedHeads.length; i++) {
                int h = orderedHeads[i];
                int slot = i;
                bindLosses.add(() -> losses[h] = ((HeadGroupLoss) lossOf(name)).head(slot));
            }
            int[] init = new int[orderedHeads.length + 1];
            init[0] = o;
            System.arraycopy(orderedHeads, 0, init, 1, orderedHeads.length);
            groupInits.add(init);
        }
        graph.setOutputs(outputs.toArray(String[]::new));

        net = new ComputationGraph(graph.build());
        net.init();
        OwnGradientUpdater.install(net);
        bindLosses.forEach(Runnable::run);
        for (int[] g : groupInits) {
            initialiseByHead(outputs.get(g[0]), java.util.Arrays.copyOfRange(g, 1, g.length), headOffset);
        }
        ParameterIndex index = ParameterIndex.of(net, layerTasks, heads.size());
        return new MultiHeadNetwork(net, heads, List.of(losses), index, inputSize, headOutput, headOffset, outputs.size());
    }

    /** Adds a node's layers after {@code input} and recurses into its children. */
    private void addNode(LayoutNode node, String input, int inputDim) {
        int id = nodeCounter++;
        Block block = node.block();
        SortedSet<String> tasks = node.tasks();
        Activation act = HeadMapping.hidden(options.activation());
        String last = input;
        for (int l = 0; l < block.depth(); l++) {
            String name = "n" + id + "l" + l;
            DenseLayer.Builder dense = new DenseLayer.Builder()
                    .nIn(l == 0 ? inputDim : block.width())
                    .nOut(block.width())
                    // With batch norm the activation follows the normalisation, and beta makes a bias redundant.
                    .activation(options.batchNorm() ? Activation.IDENTITY : act)
                    .hasBias(!options.batchNorm());
            if (options.dropout() > 0 && !last.equals(INPUT)) {
                // DL4J's Dropout takes the probability of keeping a unit and drops the layer's input.
                dense.dropOut(new Dropout(1.0 - options.dropout()));
            }
            // DL4J's configuration (builder defaults, JSON form) with a faster implementation; see CachingDenseLayer.
            graph.addLayer(name, CachingDense.of(dense.build(), !last.equals(INPUT)), last);
            layerTasks.put(name, tasks);
            last = name;
            if (options.batchNorm()) {
                String bn = name + "bn";
                graph.addLayer(bn, new BatchNormalization.Builder().nIn(block.width()).nOut(block.width())
                        .activation(act).build(), last);
                layerTasks.put(bn, tasks);
                last = bn;
            }
        }
        int out = block.outputDim(inputDim);
        for (String head : node.heads()) {
            headInput.put(head, last);
            headInputSize.put(head, out);
        }
        for (LayoutNode child : node.children()) {
            addNode(child, last, out);
        }
    }
}
