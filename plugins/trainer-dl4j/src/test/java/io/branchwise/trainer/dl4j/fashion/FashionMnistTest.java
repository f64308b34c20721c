package io.branchwise.trainer.dl4j.fashion;

import io.branchwise.builtin.data.idx.IdxDataSource;
import io.branchwise.plugin.Options;
import io.branchwise.plugin.data.DataRequest;
import io.branchwise.plugin.data.Dataset;
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
import io.branchwise.trainer.dl4j.bench.BuiltInHeads;
import io.branchwise.trainer.dl4j.fixtures.RecordingContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trainer on real data: Fashion-MNIST ({@code apt-get install dataset-fashion-mnist}), three tasks on a hard-shared
 * 784→256→256 trunk — the item (10 classes), its coarse group (tops, trouser, footwear, bag) and footwear yes/no —
 * 3 epochs, Adam, batch 256. PyTorch reaches item accuracy ≈ 0.86 with the same set-up (STACK.md). Skipped where the
 * data set is not installed.
 */
@EnabledIf("dataPresent")
class FashionMnistTest {
    static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path work;

    static boolean dataPresent() {
        return Files.isRegularFile(DIR.resolve("train-images-idx3-ubyte.gz"))
                && Files.isRegularFile(DIR.resolve("t10k-labels-idx1-ubyte.gz"));
    }

    @Test
    void threeTasksOnASharedTrunkReachTheItemAccuracyPyTorchDoes() throws Exception {
        // Through the built-in idx source, as a search reads it: 6,000 training rows held out for validation.
        Dataset data = new IdxDataSource().load(new DataRequest(Options.of("data.options",
                Map.of("preset", "fashion-mnist", "validation", 6000)), 1, null));
        assertThat(data.train().rows()).isEqualTo(54_000);
        assertThat(data.test().rows()).isEqualTo(10_000);
        List<TaskHead> heads = List.of(BuiltInHeads.multiclass("item", "label", 10), BuiltInHeads.multiclass("coarse", "coarse", 4),
                BuiltInHeads.binary("footwear", "footwear"));
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
