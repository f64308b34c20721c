package io.branchwise.builtin.task;

import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.TargetColumn;
import io.branchwise.plugin.task.LossKind;
import io.branchwise.plugin.task.OutputActivation;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.task.TaskHead;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MultilabelTaskTypeTest {
    private final TestData data = new TestData()
            .column(TargetColumn.categorical("a", 2), 1, 0, 0)
            .column(TargetColumn.categorical("b", 2), 0, 1, 1)
            .column(TargetColumn.categorical("c", 3), 0, 1, 2)
            .column(TargetColumn.continuous("y"), 1, 2, 3);
    private final MultilabelTaskType type = new MultilabelTaskType();

    private TaskDefinition task(String... columns) {
        return new TaskDefinition("tags", "multilabel", List.of(columns), null, 1, null);
    }

    @Test
    void oneSigmoidPerColumnWithLabelsSideBySide() {
        TaskHead head = type.bind(task("a", "b"), data.dataset());
        assertThat(head.outputSize()).isEqualTo(2);
        assertThat(head.activation()).isEqualTo(OutputActivation.SIGMOID);
        assertThat(head.loss()).isEqualTo(LossKind.BINARY_CROSS_ENTROPY);
        assertThat(head.metric()).isEqualTo("micro_f1");
        assertThat(head.labels(data.split())).containsExactly(1, 0, 0, 1, 0, 1);
    }

    @Test
    void metrics() {
        TaskHead head = type.bind(task("a", "b"), data.dataset());
        // decisions [1,0], [1,1], [0,0] vs truths [1,0], [0,1], [0,1]: TP 2, FP 1, FN 1, one exact row.
        Map<String, Double> m = head.metrics(new float[]{0.9f, 0.2f, 0.6f, 0.7f, 0.1f, 0.4f}, data.split());
        assertThat(m.get("micro_f1")).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(m.get("hamming_loss")).isCloseTo(2.0 / 6, within(1e-12));
        assertThat(m.get("subset_accuracy")).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(head.higherIsBetter("micro_f1")).isTrue();
        assertThat(head.higherIsBetter("hamming_loss")).isFalse();
        assertThat(head.higherIsBetter("subset_accuracy")).isTrue();
    }

    @Test
    void aSingleColumnIsAllowed() {
        assertThat(type.bind(task("b"), data.dataset()).outputSize()).isEqualTo(1);
    }

    @Test
    void refusesNonBinaryColumnNamingItsPlace() {
        assertThatThrownBy(() -> type.bind(task("a", "c"), data.dataset()))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("targets[1]");
                    assertThat(e.problem()).contains("\"c\" has 3 classes");
                });
        assertThatThrownBy(() -> type.bind(task("y", "a"), data.dataset()))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("targets[0]"));
    }

    @Test
    void refusesMissingAndRepeatedColumns() {
        assertThatThrownBy(() -> type.bind(task("a", "y9"), data.dataset()))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("targets[1]");
                    assertThat(e.problem()).startsWith("column \"y9\" not in data set");
                });
        assertThatThrownBy(() -> type.bind(task("a", "a"), data.dataset()))
                .isInstanceOf(SpecException.class).hasMessageContaining("appears twice");
    }
}
