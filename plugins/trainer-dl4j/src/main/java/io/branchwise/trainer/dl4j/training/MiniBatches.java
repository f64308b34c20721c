package io.branchwise.trainer.dl4j.training;

import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.task.TaskHead;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;

/**
 * The training split as shuffled mini-batches. The native arrays of a full batch and of the last, shorter batch are
 * allocated once; each batch gathers its rows in Java and copies them into those arrays, so an epoch allocates no
 * native memory. The same {@link MultiDataSet} object is returned for every full batch; use it before asking for
 * the next one.
 */
public final class MiniBatches {
    private final int rows;
    private final int featureCount;
    private final int batchSize;
    private final float[] features;
    private final float[][] labels;
    private final int[] widths;
    private final int[] order;
    private final Random random;
    private final Buffers full;
    private final Buffers tail;

    /** One label array per head, in the order of {@code heads}. */
    public MiniBatches(Split split, List<TaskHead> heads, int batchSize, long seed) {
        this(split, heads, java.util.stream.IntStream.range(0, heads.size()).mapToObj(h -> new int[]{h})
                .toArray(int[][]::new), batchSize, seed);
    }

    /**
     * One label array per network output; {@code outputs[o]} lists the heads whose labels sit side by side in output
     * {@code o} (see {@link io.branchwise.trainer.dl4j.network.MultiHeadNetwork#outputHeads}).
     */
    public MiniBatches(Split split, List<TaskHead> heads, int[][] outputs, int batchSize, long seed) {
        if (split.rows() == 0) {
            throw new IllegalArgumentException("the training split is empty");
        }
        this.rows = split.rows();
        this.featureCount = split.featureCount();
        this.batchSize = Math.min(batchSize, rows);
        this.features = split.features();
        float[][] perHead = new float[heads.size()][];
        for (int h = 0; h < heads.size(); h++) {
            TaskHead head = heads.get(h);
            perHead[h] = head.labels(split);
            if (perHead[h].length != (long) rows * head.outputSize()) {
                throw new IllegalArgumentException("task " + head.name() + " gave " + perHead[h].length
                        + " label values for " + rows + " rows of width " + head.outputSize());
            }
        }
        this.labels = new float[outputs.length][];
        this.widths = new int[outputs.length];
        for (int o = 0; o < outputs.length; o++) {
            int width = 0;
            for (int h : outputs[o]) {
                width += heads.get(h).outputSize();
            }
            widths[o] = width;
            labels[o] = new float[rows * width];
            int offset = 0;
            for (int h : outputs[o]) {
                int w = heads.get(h).outputSize();
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(perHead[h], r * w, labels[o], r * width + offset, w);
                }
                offset += w;
            }
        }
        this.order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        this.random = new Random(seed);
        this.full = new Buffers(this.batchSize);
        int rest = rows % this.batchSize;
        this.tail = rest == 0 ? null : new Buffers(rest);
    }

    public int rows() {
        return rows;
    }

    public int count() {
        return (rows + batchSize - 1) / batchSize;
    }

    /** A new random order of the rows for the next epoch (Fisher–Yates from the seeded generator). */
    public void shuffle() {
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }

    /** Batch {@code b} of the current order. */
    public MultiDataSet batch(int b) {
        int from = b * batchSize;
        int n = Math.min(batchSize, rows - from);
        Buffers target = n == batchSize ? full : tail;
        for (int r = 0; r < n; r++) {
            int src = order[from + r];
            System.arraycopy(features, src * featureCount, target.x, r * featureCount, featureCount);
            for (int h = 0; h < labels.length; h++) {
                int w = widths[h];
                System.arraycopy(labels[h], src * w, target.y[h], r * w, w);
            }
        }
        copy(target.x, target.features);
        for (int h = 0; h < labels.length; h++) {
            copy(target.y[h], target.labels[h]);
        }
        return target.dataSet;
    }

    private static void copy(float[] from, INDArray to) {
        to.data().asNioFloat().put(from, 0, from.length);
    }

    private final class Buffers {
        final float[] x;
        final float[][] y;
        final INDArray features;
        final INDArray[] labels;
        final MultiDataSet dataSet;

        Buffers(int n) {
            x = new float[n * featureCount];
            features = Nd4j.create(DataType.FLOAT, n, featureCount);
            y = new float[widths.length][];
            labels = new INDArray[widths.length];
            for (int h = 0; h < widths.length; h++) {
                y[h] = new float[n * widths[h]];
                labels[h] = Nd4j.create(DataType.FLOAT, n, widths[h]);
            }
            dataSet = new MultiDataSet(new INDArray[]{features}, labels);
        }
    }
}
