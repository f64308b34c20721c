package io.branchwise.builtin.task;

import io.branchwise.plugin.task.TaskType;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceRegistrationTest {
    @Test
    void everyTaskTypeIsFoundByServiceLoader() {
        assertThat(ServiceLoader.load(TaskType.class).stream().map(p -> p.get().name()))
                .containsExactlyInAnyOrder("multiclass", "binary", "multilabel", "regression");
    }
}
