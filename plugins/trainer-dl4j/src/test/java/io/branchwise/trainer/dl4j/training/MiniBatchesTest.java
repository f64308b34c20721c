package io.branchwise.trainer.dl4j.training;

import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.trainer.dl4j.bench.BuiltInHeads;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MiniBatchesTest {
    private static final int ROWS = 23;
    private static final List<TaskHead> HEADS = List.of(BuiltInHeads.regression("r", "y"), BuiltInHeads.multiclass("s", "k", 3));

    /** Row i has features (i, -i), target y = 10·i and class i mod 3, so a batch row reveals its source row. */
    private static Split split() {
        float[] x = new float[ROWS * 2];
        float[] y = new float[ROWS];
        float[] k = new float[ROWS];
        for (int i = 0; i < ROWS; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = 10 * i;
            k[i] = i % 3;
        }
        return new Split(ROWS, 2, x, Map.of("y", y, "k", k));
    }

    private static List<Integer> epoch(MiniBatches batches) {
        List<Integer> seen = new ArrayList<>();
        batches.shuffle();
        for (int b = 0; b < batches.count(); b++) {
            MultiDataSet ds = batches.batch(b);
            float[][] x = ds.getFeatures(0).toFloatMatrix();
            float[][] y = ds.getLabels(0).toFloatMatrix();
            float[][] k = ds.getLabels(1).toFloatMatrix();
            assertThat(x.length).isEqualTo(b < batches.count() - 1 ? 5 : ROWS % 5);
            for (int r = 0; r < x.length; r++) {
                int row = (int) x[r][0];
                assertThat(x[r][1]).isEqualTo(-row);
                assertThat(y[r][0]).isEqualTo(10f * row);
                float[] oneHot = new float[3];
                oneHot[row % 3] = 1f;
                assertThat(k[r]).containsExactly(oneHot);
                seen.add(row);
            }
        }
        return seen;
    }

    @Test
    void everyRowOnceAnEpochWithItsOwnLabelsInTheShuffledOrder() {
        MiniBatches batches = new MiniBatches(split(), HEADS, 5, 1);
        assertThat(batches.count()).isEqualTo(5);
        List<Integer> first = epoch(batches);
        List<Integer> second = epoch(batches);
        assertThat(first).hasSize(ROWS).doesNotHaveDuplicates();
        assertThat(second).hasSize(ROWS).doesNotHaveDuplicates();
        assertThat(second).isNotEqualTo(first);
        List<Integer> sorted = new ArrayList<>(first);
        sorted.sort(null);
        assertThat(first).isNotEqualTo(sorted);
    }

    @Test
    void theOrderIsReproducibleForASeed() {
        assertThat(epoch(new MiniBatches(split(), HEADS, 5, 7))).isEqualTo(epoch(new MiniBatches(split(), HEADS, 5, 7)));
        assertThat(epoch(new MiniBatches(split(), HEADS, 5, 7))).isNotEqualTo(epoch(new MiniBatches(split(), HEADS, 5, 8)));
    }

    @Test
    void aBatchLargerThanTheSplitIsTheWholeSplit() {
        MiniBatches batches = new MiniBatches(split(), HEADS, 1000, 1);
        assertThat(batches.count()).isEqualTo(1);
        batches.shuffle();
        assertThat(batches.batch(0).getFeatures(0).size(0)).isEqualTo(ROWS);
    }
}
