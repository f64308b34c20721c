package io.branchwise.builtin.data.synthetic;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.DataAccess;
import io.branchwise.plugin.data.DataLimits;
import io.branchwise.plugin.data.DataRequest;
import io.branchwise.plugin.data.Dataset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A spec from any caller must not be able to make the generator allocate more than the request's limits. */
class SyntheticLimitsTest {
    private final SyntheticDataSource source = new SyntheticDataSource();

    private Dataset load(DataLimits limits, Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return source.load(new DataRequest(Options.of("data.options", map), 1, null, DataAccess.anywhere().withLimits(limits)));
    }

    @Test
    void hugeRowsTimesDimensionsIsASpecErrorNotOutOfMemory() {
        assertThatThrownBy(() -> load(DataLimits.DEFAULT, "groups", List.of(2), "rows", 2_000_000_000, "dimensions", 100_000))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("data.options.rows");
                    assertThat(e.problem()).contains("2000010000 × 100000").contains("over the limit");
                });
    }

    @Test
    void everySplitCountsTowardsTheCellLimit() {
        DataLimits limits = new DataLimits(1, 1000, 1);
        // (80 + 10 + 10) rows × 10 dimensions = 1000 numbers: just within
        assertThat(load(limits, "groups", List.of(2), "rows", 80, "validation_rows", 10, "test_rows", 10,
                "dimensions", 10).train().rows()).isEqualTo(80);
        assertThatThrownBy(() -> load(limits, "groups", List.of(2), "rows", 80, "validation_rows", 10, "test_rows", 11,
                "dimensions", 10))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problem()).contains("101 × 10"));
    }

    @Test
    void theTaskVectorsCountToo() {
        assertThatThrownBy(() -> load(new DataLimits(1, 50_000, 1), "groups", List.of(10), "rows", 2, "validation_rows", 1,
                "test_rows", 0, "dimensions", 10_000))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("data.options.dimensions");
                    assertThat(e.problem()).contains("tasks × dimensions = 10 × 10000");
                });
    }

    @Test
    void theTaskCountIsBounded() {
        assertThatThrownBy(() -> load(DataLimits.DEFAULT, "groups", List.of(2_000_000_000)))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.groups"));
        assertThatThrownBy(() -> load(DataLimits.DEFAULT, "groups", List.of(600, 600), "dimensions", 2000))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problem()).contains("more than 1000 tasks"));
        assertThatThrownBy(() -> load(DataLimits.DEFAULT, "tasks", 5000, "groups", List.of(2)))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.tasks"));
        // a matrix with a million rows of one number each: refused before a million² matrix is made
        List<List<Double>> rows = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            rows.add(List.of(1.0));
        }
        assertThatThrownBy(() -> load(DataLimits.DEFAULT, "correlation", rows))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).isEqualTo("data.options.correlation"));
    }
}
