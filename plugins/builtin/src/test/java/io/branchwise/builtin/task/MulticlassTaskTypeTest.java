package io.branchwise.builtin.task;

import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.Dataset;
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

class MulticlassTaskTypeTest {
    private final TestData data = new TestData()
            .column(TargetColumn.categorical("label", 3), 0, 2, 1, 2)
            .column(TargetColumn.continuous("y"), 0.5f, 1.5f, 2.5f, 3.5f);
    private final MulticlassTaskType type = new MulticlassTaskType();

    @Test
    void headIsSoftmaxWithOneOutputPerClass() {
        TaskHead head = type.bind(TaskDefinition.of("item", "multiclass", "label"), data.dataset());
        assertThat(head.outputSize()).isEqualTo(3);
        assertThat(head.activation()).isEqualTo(OutputActivation.SOFTMAX);
        assertThat(head.loss()).isEqualTo(LossKind.SOFTMAX_CROSS_ENTROPY);
        assertThat(head.metric()).isEqualTo("accuracy");
        assertThat(head.name()).isEqualTo("item");
    }

    @Test
    void labelsAreOneHot() {
        TaskHead head = type.bind(TaskDefinition.of("item", "multiclass", "label"), data.dataset());
        assertThat(head.labels(data.split())).containsExactly(
                1, 0, 0,
                0, 0, 1,
                0, 1, 0,
                0, 0, 1);
    }

    @Test
    void metricsFromSoftmaxOutputs() {
        TaskHead head = type.bind(TaskDefinition.of("item", "multiclass", "label"), data.dataset());
        float[] p = {
                0.6f, 0.3f, 0.1f,  // truth 0, predicted 0
                0.2f, 0.5f, 0.3f,  // truth 2, predicted 1
                0.1f, 0.8f, 0.1f,  // truth 1, predicted 1
                0.1f, 0.2f, 0.7f}; // truth 2, predicted 2
        Map<String, Double> m = head.metrics(p, data.split());
        assertThat(m).containsOnlyKeys("accuracy", "macro_f1", "cross_entropy");
        assertThat(m.get("accuracy")).isCloseTo(0.75, within(1e-12));
        // class 0: TP 1 → F1 1; class 1: TP 1, FP 1 → 2/3; class 2: TP 1, FN 1 → 2/3
        assertThat(m.get("macro_f1")).isCloseTo((1 + 2.0 / 3 + 2.0 / 3) / 3, within(1e-12));
        double ce = -(Math.log(0.6) + Math.log(0.3) + Math.log(0.8) + Math.log(0.7)) / 4;
        assertThat(m.get("cross_entropy")).isCloseTo(ce, within(1e-6));
    }

    @Test
    void directionOfEachMetric() {
        TaskHead head = type.bind(TaskDefinition.of("item", "multiclass", "label"), data.dataset());
        assertThat(head.higherIsBetter("accuracy")).isTrue();
        assertThat(head.higherIsBetter("macro_f1")).isTrue();
        assertThat(head.higherIsBetter("cross_entropy")).isFalse();
        assertThat(type.metrics()).containsExactly("accuracy", "macro_f1", "cross_entropy");
    }

    @Test
    void chosenMetric() {
        TaskDefinition task = new TaskDefinition("item", "multiclass", List.of("label"), "macro_f1", 1, null);
        assertThat(type.bind(task, data.dataset()).metric()).isEqualTo("macro_f1");
    }

    @Test
    void refusesUnknownMetric() {
        TaskDefinition task = new TaskDefinition("item", "multiclass", List.of("label"), "f2", 1, null);
        assertThatThrownBy(() -> type.bind(task, data.dataset()))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("metric");
                    assertThat(e.problem()).isEqualTo("unknown metric \"f2\"; known: [accuracy, macro_f1, cross_entropy]");
                });
    }

    @Test
    void refusesMissingColumn() {
        Dataset d = data.dataset();
        assertThatThrownBy(() -> type.bind(TaskDefinition.of("item", "multiclass", "y9"), d))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("targets");
                    assertThat(e.problem()).isEqualTo("column \"y9\" not in data set d; targets are [label, y]");
                });
    }

    @Test
    void refusesContinuousColumn() {
        assertThatThrownBy(() -> type.bind(TaskDefinition.of("item", "multiclass", "y"), data.dataset()))
                .isInstanceOf(SpecException.class).hasMessageContaining("\"y\" is continuous");
    }

    @Test
    void refusesSeveralColumns() {
        TaskDefinition task = new TaskDefinition("item", "multiclass", List.of("label", "y"), null, 1, null);
        assertThatThrownBy(() -> type.bind(task, data.dataset()))
                .isInstanceOf(SpecException.class).hasMessageContaining("multiclass takes one target column, got 2");
    }

    @Test
    void refusesUnknownOptions() {
        TaskDefinition task = new TaskDefinition("item", "multiclass", List.of("label"), null, 1,
                io.branchwise.plugin.Options.of("tasks[0].options", Map.of("smoothing", 0.1)));
        assertThatThrownBy(() -> type.bind(task, data.dataset()))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("options.smoothing"));
    }

    @Test
    void refusesPredictionsOfTheWrongShape() {
        TaskHead head = type.bind(TaskDefinition.of("item", "multiclass", "label"), data.dataset());
        assertThatThrownBy(() -> head.metrics(new float[8], data.split()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 predictions for 4 rows × 3 outputs");
    }

    @Test
    void refusesLabelsOutsideTheClasses() {
        TestData bad = new TestData().column(TargetColumn.categorical("label", 3), 0, 3);
        TaskHead head = type.bind(TaskDefinition.of("item", "multiclass", "label"), bad.dataset());
        assertThatThrownBy(() -> head.labels(bad.split())).hasMessageContaining("row 1").hasMessageContaining("3.0");
    }
}
