package io.branchwise.builtin.task;

import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.TargetColumn;
import io.branchwise.plugin.task.LossKind;
import io.branchwise.plugin.task.OutputActivation;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.task.TaskHead;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BinaryTaskTypeTest {
    private final TestData data = new TestData()
            .column(TargetColumn.categorical("shoe", 2), 1, 0, 1, 0)
            .column(TargetColumn.categorical("label", 10), 1, 0, 9, 4)
            .column(TargetColumn.continuous("y"), 1, 2, 3, 4);
    private final BinaryTaskType type = new BinaryTaskType();

    @Test
    void headIsOneSigmoid() {
        TaskHead head = type.bind(TaskDefinition.of("shoe", "binary", "shoe"), data.dataset());
        assertThat(head.outputSize()).isEqualTo(1);
        assertThat(head.activation()).isEqualTo(OutputActivation.SIGMOID);
        assertThat(head.loss()).isEqualTo(LossKind.BINARY_CROSS_ENTROPY);
        assertThat(head.metric()).isEqualTo("accuracy");
        assertThat(head.labels(data.split())).containsExactly(1, 0, 1, 0);
    }

    @Test
    void metrics() {
        TaskHead head = type.bind(TaskDefinition.of("shoe", "binary", "shoe"), data.dataset());
        // truths 1, 0, 1, 0; at 0.5 the decisions are 1, 1, 0, 0: two right.
        float[] p = {0.5f, 0.6f, 0.4f, 0.1f};
        Map<String, Double> m = head.metrics(p, data.split());
        assertThat(m.get("accuracy")).isCloseTo(0.5, within(1e-12));
        // Pairs (positive, negative): (0.5, 0.6) lose, (0.5, 0.1) win, (0.4, 0.6) lose, (0.4, 0.1) win.
        assertThat(m.get("auc")).isCloseTo(2.0 / 4, within(1e-12));
        double logLoss = -(Math.log(0.5) + Math.log(0.4) + Math.log(0.4) + Math.log(0.9)) / 4;
        assertThat(m.get("log_loss")).isCloseTo(logLoss, within(1e-6));
    }

    @Test
    void directions() {
        TaskHead head = type.bind(TaskDefinition.of("shoe", "binary", "shoe"), data.dataset());
        assertThat(head.higherIsBetter("accuracy")).isTrue();
        assertThat(head.higherIsBetter("auc")).isTrue();
        assertThat(head.higherIsBetter("log_loss")).isFalse();
        assertThatThrownBy(() -> head.higherIsBetter("rmse")).isInstanceOf(SpecException.class);
    }

    @Test
    void refusesColumnsWithOtherThanTwoClasses() {
        assertThatThrownBy(() -> type.bind(TaskDefinition.of("t", "binary", "label"), data.dataset()))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("targets");
                    assertThat(e.problem()).contains("\"label\" has 10 classes");
                });
        assertThatThrownBy(() -> type.bind(TaskDefinition.of("t", "binary", "y"), data.dataset()))
                .isInstanceOf(SpecException.class).hasMessageContaining("\"y\" is continuous");
    }
}
