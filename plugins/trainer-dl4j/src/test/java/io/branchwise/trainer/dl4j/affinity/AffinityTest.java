package io.branchwise.trainer.dl4j.affinity;

import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.plugin.trainer.TrainingRequest;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.space.layout.Block;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.weighting.LossWeighting;
import io.branchwise.space.weighting.WeightingMethod;
import io.branchwise.trainer.dl4j.Dl4jTrainer;
import io.branchwise.trainer.dl4j.fixtures.RecordingContext;
import io.branchwise.trainer.dl4j.bench.BuiltInHeads;
import io.branchwise.trainer.dl4j.fixtures.SyntheticData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AffinityTest {
    @TempDir
    Path work;

    @Test
    void identicalTasksAreMoreAffineToEachOtherThanToNoise() throws Exception {
        // "a" and "b" are the same function of the input; "n" is noise no input explains. Early in training any
        // step that shrinks outputs helps every task (the heads are random), so the run is long enough for the
        // average to be dominated by trained heads.
        Dataset data = new SyntheticData(6)
                .continuous("ya", x -> x[0] * x[1] + Math.sin(2 * x[2]))
                .continuous("yb", x -> x[0] * x[1] + Math.sin(2 * x[2]))
                .noise("yn", 99)
                .build(1500, 4);
        List<TaskHead> heads = List.of(BuiltInHeads.regression("a", "ya"), BuiltInHeads.regression("b", "yb"), BuiltInHeads.regression("n", "yn"));
        TrainingOptions o = new TrainingOptions(10, 64, 0.005, TrainingOptions.Optimizer.ADAM, "relu", 0.0, false, 5, 8, null);
        RecordingContext ctx = new RecordingContext();
        TrialResult r = new Dl4jTrainer().train(new TrainingRequest(data, heads,
                SharingLayout.hardSharing(new Block(2, 32), List.of("a", "b", "n")),
                new LossWeighting(WeightingMethod.EW, Map.of(), Map.of()), o, work), ctx);

        AffinityMatrix z = r.affinity();
        assertThat(z.tasks()).containsExactly("a", "b", "n");
        // a ↔ b help each other more than either helps or is helped by the noise task.
        assertThat(z.get(0, 1)).isGreaterThan(z.get(0, 2));
        assertThat(z.get(0, 1)).isGreaterThan(z.get(2, 1));
        assertThat(z.get(1, 0)).isGreaterThan(z.get(1, 2));
        assertThat(z.get(1, 0)).isGreaterThan(z.get(2, 0));
        assertThat(z.get(0, 1)).isPositive();

        // Reported once per epoch from the first epoch with a measurement on, after the steps so far; the last
        // report is the result. 1,050 training rows in batches of 64 make 17 steps an epoch, 170 in all; the
        // default warm-up leaves the first 34 (20%) unmeasured, so the first measurement falls in epoch 3.
        assertThat(data.train().rows()).isEqualTo(1050);
        assertThat(ctx.affinitySteps).containsExactly(51L, 68L, 85L, 102L, 119L, 136L, 153L, 170L);
        AffinityMatrix last = ctx.affinities.get(ctx.affinities.size() - 1);
        assertThat(last.get(0, 1)).isEqualTo(z.get(0, 1));
    }

    @Test
    void measuringAffinityDoesNotChangeTraining() throws Exception {
        Dataset data = new SyntheticData(4).continuous("ya", x -> x[0]).continuous("yb", x -> x[1] - x[0]).build(600, 2);
        List<TaskHead> heads = List.of(BuiltInHeads.regression("a", "ya"), BuiltInHeads.regression("b", "yb"));
        SharingLayout layout = SharingLayout.hardSharing(new Block(1, 16), List.of("a", "b"));
        LossWeighting ew = new LossWeighting(WeightingMethod.EW, Map.of(), Map.of());
        // Affinity needs a parameter tensor per head; the plain run is asked for the same network.
        TrainingOptions plain = new TrainingOptions(2, 32, 0.01, TrainingOptions.Optimizer.ADAM, "relu", 0.0, false, 0, 3,
                io.branchwise.plugin.Options.of("training.extra", Map.of("group_heads", false)));
        TrialResult without = new Dl4jTrainer().train(new TrainingRequest(data, heads, layout, ew, plain, work), new RecordingContext());
        TrialResult with = new Dl4jTrainer().train(new TrainingRequest(data, heads, layout, ew, plain.withAffinityEvery(3), work),
                new RecordingContext());
        // Look-aheads are undone exactly (parameters and Adam state), so the trained model is the same.
        assertThat(with.validation()).isEqualTo(without.validation());
        assertThat(with.affinity()).isNotNull();
    }
}
