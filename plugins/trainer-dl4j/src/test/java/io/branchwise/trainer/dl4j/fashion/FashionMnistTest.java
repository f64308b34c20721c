package io.branchwise.trainer.dl4j.fashion;

import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.data.TargetColumn;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.plugin.trainer.TrainingRequest;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.space.layout.Block;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.weighting.LossWeighting;
import io.branchwise.space.weighting.WeightingMethod;
import io.branchwise.trainer.dl4j.Dl4jTrainer;
import io.branchwise.trainer.dl4j.bench.BinaryHead;
import io.branchwise.trainer.dl4j.fixtures.RecordingContext;
import io.branchwise.trainer.dl4j.bench.SoftmaxHead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trainer on real data: Fashion-MNIST ({@code apt-get install dataset-fashion-mnist}), three tasks on a hard-shared
 * 784→256→256 trunk — the item (10 classes), its coarse group (tops, trouser, footwear, bag) and footwear yes/no —
 * 3 epochs, Adam, batch 256. PyTorch reaches item accuracy ≈ 0.86 with the same set-up (STACK.md). Skipped where the
 * data set is not installed. Reads the files with {@link IdxStandIn} until the {@code idx} data source is merged.
 */
@EnabledIf("dataPresent")
class FashionMnistTest {
    static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** Coarse group per item: tops {0,2,3,4,6}, trouser {1}, footwear {5,7,9}, bag {8}. */
    static final int[] COARSE = {0, 1, 0, 0, 0, 2, 0, 2, 3, 2};

    @TempDir
    Path work;

    static boolean dataPresent() {
        return Files.isRegularFile(DIR.resolve("train-images-idx3-ubyte.gz"))
                && Files.isRegularFile(DIR.resolve("t10k-labels-idx1-ubyte.gz"));
    }

    static Split split(String prefix, int from, int to) throws IOException {
        IdxStandIn.Idx images = IdxStandIn.read(DIR.resolve(prefix + "-images-idx3-ubyte.gz"));
        IdxStandIn.Idx labels = IdxStandIn.read(DIR.resolve(prefix + "-labels-idx1-ubyte.gz"));
        assertThat(images.count()).isEqualTo(labels.count());
        int pixels = images.itemSize();
        int rows = to - from;
        float[] x = new float[rows * pixels];
        float[] item = new float[rows];
        float[] coarse = new float[rows];
        float[] footwear = new float[rows];
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < pixels; p++) {
                x[r * pixels + p] = (images.data()[(from + r) * pixels + p] & 0xff) / 255f;
            }
            int label = labels.data()[from + r] & 0xff;
            item[r] = label;
            coarse[r] = COARSE[label];
            footwear[r] = COARSE[label] == 2 ? 1f : 0f;
        }
        Map<String, float[]> targets = new LinkedHashMap<>();
        targets.put("item", item);
        targets.put("coarse", coarse);
        targets.put("footwear", footwear);
        return new Split(rows, pixels, x, targets);
    }

    @Test
    void threeTasksOnASharedTrunkReachTheItemAccuracyPyTorchDoes() throws Exception {
        Split train = split("train", 0, 54_000);
        Split validation = split("train", 54_000, 60_000);
        Split test = split("t10k", 0, 10_000);
        List<String> pixels = new ArrayList<>();
        for (int p = 0; p < train.featureCount(); p++) {
            pixels.add("p" + p);
        }
        Map<String, TargetColumn> columns = new LinkedHashMap<>();
        columns.put("item", TargetColumn.categorical("item", 10));
        columns.put("coarse", TargetColumn.categorical("coarse", 4));
        columns.put("footwear", TargetColumn.categorical("footwear", 2));
        Dataset data = new Dataset("fashion-mnist", pixels, columns, train, validation, test);
        List<TaskHead> heads = List.of(SoftmaxHead.of("item", "item", 10), SoftmaxHead.of("coarse", "coarse", 4),
                BinaryHead.of("footwear", "footwear"));
        TrainingOptions options = new TrainingOptions(3, 256, 1e-3, TrainingOptions.Optimizer.ADAM, "relu", 0.0, false, 0, 1, null);
        RecordingContext ctx = new RecordingContext();

        TrialResult r = new Dl4jTrainer().train(new TrainingRequest(data, heads,
                SharingLayout.hardSharing(new Block(2, 256), List.of("item", "coarse", "footwear")),
                new LossWeighting(WeightingMethod.EW, Map.of(), Map.of()), options, work), ctx);

        for (EpochReport e : ctx.epochs) {
            System.out.printf("fashion-mnist epoch %d: %s, %.0f samples/s (wall, machine may be shared)%n",
                    e.epoch(), e.values(), e.samples() / e.seconds());
        }
        System.out.println("fashion-mnist test: " + r.test());
        assertThat(r.epochs()).isEqualTo(3);
        // The target is PyTorch's ≈ 0.86 after 3 epochs; this run gives ≈ 0.86 on validation, ≈ 0.85 on test.
        assertThat(r.validation().get("item").get("accuracy")).isGreaterThanOrEqualTo(0.85);
        assertThat(r.test().get("item").get("accuracy")).isGreaterThanOrEqualTo(0.845);
        assertThat(r.test().get("coarse").get("accuracy")).isGreaterThan(r.test().get("item").get("accuracy"));
        assertThat(r.test().get("footwear").get("accuracy")).isGreaterThan(0.97);
    }
}
