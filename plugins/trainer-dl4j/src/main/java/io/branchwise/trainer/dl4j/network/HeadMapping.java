package io.branchwise.trainer.dl4j.network;

import io.branchwise.plugin.task.LossKind;
import io.branchwise.plugin.task.OutputActivation;
import io.branchwise.plugin.task.TaskHead;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMAE;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/** Translates a framework-free {@link TaskHead} into DL4J's activation and loss objects. */
final class HeadMapping {
    private HeadMapping() {
    }

    static Activation activation(OutputActivation a) {
        return switch (a) {
            case IDENTITY -> Activation.IDENTITY;
            case SIGMOID -> Activation.SIGMOID;
            case SOFTMAX -> Activation.SOFTMAX;
        };
    }

    /**
     * The head's loss. Cross-entropies only make sense on the activation they are defined for, so a head that pairs
     * them otherwise is refused here rather than training on nonsense.
     */
    static ILossFunction loss(TaskHead head) {
        LossKind kind = head.loss();
        OutputActivation act = head.activation();
        return switch (kind) {
            case MSE -> new LossMSE();
            case MAE -> new LossMAE();
            case SOFTMAX_CROSS_ENTROPY -> {
                require(act == OutputActivation.SOFTMAX, head, "softmax cross-entropy needs a SOFTMAX output");
                yield new LossMCXENT();
            }
            case BINARY_CROSS_ENTROPY -> {
                require(act == OutputActivation.SIGMOID, head, "binary cross-entropy needs a SIGMOID output");
                yield new LossBinaryXENT();
            }
        };
    }

    private static void require(boolean ok, TaskHead head, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("task " + head.name() + ": " + problem + ", got " + head.activation());
        }
    }

    /** The activation of hidden layers from {@code TrainingOptions.activation()}. */
    static Activation hidden(String name) {
        return switch (name) {
            case "relu" -> Activation.RELU;
            case "tanh" -> Activation.TANH;
            case "elu" -> Activation.ELU;
            case "leakyrelu" -> Activation.LEAKYRELU;
            case "gelu" -> Activation.GELU;
            case "sigmoid" -> Activation.SIGMOID;
            case "identity" -> Activation.IDENTITY;
            default -> throw new IllegalArgumentException("unknown activation " + name);
        };
    }
}
