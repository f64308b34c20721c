package io.branchwise.trainer.dl4j.network;

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
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

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

    private ComputationGraphConfiguration.GraphBuilder graph;
    private final Map<String, SortedSet<String>> layerTasks = new HashMap<>();
    private final Map<String, String> headInput = new LinkedHashMap<>();
    private final Map<String, Integer> headInputSize = new HashMap<>();
    private int nodeCounter;

    private NetworkBuilder(SharingLayout layout, List<TaskHead> heads, int inputSize, TrainingOptions options) {
        this.layout = layout;
        this.heads = List.copyOf(heads);
        this.inputSize = inputSize;
        this.options = options;
    }

    /** Builds and initialises the network; heads may come in any order, outputs follow that order. */
    public static MultiHeadNetwork build(SharingLayout layout, List<TaskHead> heads, int inputSize, TrainingOptions options) {
        if (inputSize < 1) {
            throw new IllegalArgumentException("input size must be >= 1, got " + inputSize);
        }
        layout.requireTasks(heads.stream().map(TaskHead::name).toList());
        return new NetworkBuilder(layout, heads, inputSize, options).build();
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

        List<String> outputs = new ArrayList<>();
        for (int h = 0; h < heads.size(); h++) {
            TaskHead head = heads.get(h);
            String name = "h" + h;
            String input = headInput.get(head.name());
            OutputLayer.Builder out = new OutputLayer.Builder(new WeightedLoss(HeadMapping.loss(head)))
                    .nIn(headInputSize.get(head.name()))
                    .nOut(head.outputSize())
                    .activation(HeadMapping.activation(head.activation()))
                    .weightInit(WeightInit.XAVIER);
            if (options.dropout() > 0 && !input.equals(INPUT)) {
                out.dropOut(new Dropout(1.0 - options.dropout()));
            }
            graph.addLayer(name, new CachingOutput(out), input);
            layerTasks.put(name, new TreeSet<>(Set.of(head.name())));
            outputs.add(name);
        }
        graph.setOutputs(outputs.toArray(String[]::new));

        ComputationGraph net = new ComputationGraph(graph.build());
        net.init();
        List<WeightedLoss> losses = new ArrayList<>();
        for (String name : outputs) {
            // Read back from the live layer, in case DL4J copied the configuration while building the graph.
            BaseOutputLayer conf = (BaseOutputLayer) net.getLayer(name).conf().getLayer();
            losses.add((WeightedLoss) conf.getLossFn());
        }
        ParameterIndex index = ParameterIndex.of(net, layerTasks, heads.size());
        return new MultiHeadNetwork(net, heads, losses, index, inputSize);
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
