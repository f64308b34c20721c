package io.branchwise.builtin.task;

import io.branchwise.plugin.Options;
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

class RegressionTaskTypeTest {
    private final TestData data = new TestData()
            .column(TargetColumn.continuous("y0"), 1, 2, 3)
            .column(TargetColumn.continuous("y1"), 10, 20, 30)
            .column(TargetColumn.categorical("label", 10), 0, 4, 9);
    private final RegressionTaskType type = new RegressionTaskType();

    private static TaskDefinition task(Map<String, ?> options, String... columns) {
        return new TaskDefinition("r", "regression", List.of(columns), null, 1, Options.of("", options));
    }

    @Test
    void identityOutputsWithMseByDefault() {
        TaskHead head = type.bind(task(Map.of(), "y0", "y1"), data.dataset());
        assertThat(head.outputSize()).isEqualTo(2);
        assertThat(head.activation()).isEqualTo(OutputActivation.IDENTITY);
        assertThat(head.loss()).isEqualTo(LossKind.MSE);
        assertThat(head.metric()).isEqualTo("rmse");
        assertThat(head.labels(data.split())).containsExactly(1, 10, 2, 20, 3, 30);
    }

    @Test
    void maeLossOption() {
        assertThat(type.bind(task(Map.of("loss", "mae"), "y0"), data.dataset()).loss()).isEqualTo(LossKind.MAE);
        assertThatThrownBy(() -> type.bind(task(Map.of("loss", "huber"), "y0"), data.dataset()))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("options.loss");
                    assertThat(e.problem()).contains("huber");
                });
    }

    @Test
    void metricsAveragedOverOutputs() {
        TaskHead head = type.bind(task(Map.of(), "y0", "y1"), data.dataset());
        // y0: predictions 1, 2, 5 (errors 0, 0, 2; SST 2); y1: predicted 10, 20, 30 exactly.
        Map<String, Double> m = head.metrics(new float[]{1, 10, 2, 20, 5, 30}, data.split());
        assertThat(m.get("rmse")).isCloseTo(Math.sqrt(4.0 / 3) / 2, within(1e-9));
        assertThat(m.get("mae")).isCloseTo(2.0 / 3 / 2, within(1e-9));
        assertThat(m.get("r2")).isCloseTo(((1 - 4.0 / 2) + 1) / 2, within(1e-9));
        assertThat(head.higherIsBetter("rmse")).isFalse();
        assertThat(head.higherIsBetter("mae")).isFalse();
        assertThat(head.higherIsBetter("r2")).isTrue();
    }

    @Test
    void refusesCategoricalColumn() {
        assertThatThrownBy(() -> type.bind(task(Map.of(), "label"), data.dataset()))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("targets");
                    assertThat(e.problem()).isEqualTo("regression needs a continuous column, \"label\" has 10 classes");
                });
    }
}
