package io.branchwise.trainer.dl4j.affinity;

import io.branchwise.builtin.data.synthetic.SyntheticDataSource;
import io.branchwise.builtin.task.RegressionTaskType;
import io.branchwise.plugin.Options;
import io.branchwise.plugin.data.DataRequest;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.plugin.trainer.TrainingRequest;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.space.grouping.AdjustedRandIndex;
import io.branchwise.space.grouping.Grouping;
import io.branchwise.space.grouping.TaskGrouping;
import io.branchwise.space.layout.Block;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.weighting.LossWeighting;
import io.branchwise.space.weighting.WeightingMethod;
import io.branchwise.trainer.dl4j.Dl4jTrainer;
import io.branchwise.trainer.dl4j.fixtures.RecordingContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-to-end check behind {@code examples/train-synthetic-affinity.yaml}: one joint hard-sharing run on the
 * synthetic benchmark with two planted groups of three tasks, with TAG affinity measured as the trainer does it.
 * The best partition into two groups must be the planted one. Settings are the example's, apart from smaller
 * validation and test splits, which affect neither training nor affinity.
 *
 * <p>Seeds 1, 2 and 5 are the first seeds whose generated targets show the planted structure. With
 * {@code noise_variance} 0.01 and |w| = 0.3, the random sine coefficients sometimes nearly cancel the linear
 * signal. Seeds 3 and 4 come out that way: noise is 51% and 67% of each target's variance, and the within-group
 * target correlation is 0.42 and 0.30. Each seed is checked for that before its run.
 */
class PlantedGroupAffinityTest {
    private static final int TASKS = 6;

    @TempDir
    Path work;

    @ParameterizedTest(name = "data seed {0}")
    @ValueSource(longs = {1, 2, 5})
    void theBestTwoGroupPartitionIsThePlantedOne(long seed) throws Exception {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("tasks", TASKS);
        o.put("groups", List.of(3, 3));
        o.put("intra", 0.9);
        o.put("inter", 0.0);
        o.put("rows", 20000);
        o.put("validation_rows", 1000);
        o.put("test_rows", 1000);
        Options options = Options.of("data.options", o);
        Dataset data = new SyntheticDataSource().load(new DataRequest(options, seed, null));
        int[] planted = SyntheticDataSource.plantedGroups(options);
        assertThat(planted).containsExactly(0, 0, 0, 1, 1, 1);
        assertPlantedStructureIsInTheData(data, planted);

        List<String> names = List.copyOf(data.targets().keySet());
        List<TaskHead> heads = new ArrayList<>();
        for (String name : names) {
            heads.add(new RegressionTaskType().bind(TaskDefinition.of(name, "regression", name), data));
        }
        TrainingOptions training = new TrainingOptions(5, 256, 0.001, TrainingOptions.Optimizer.ADAM, "relu", 0.0,
                false, 10, seed, null);
        TrialResult result = new Dl4jTrainer().train(new TrainingRequest(data, heads,
                SharingLayout.hardSharing(new Block(2, 128), names),
                new LossWeighting(WeightingMethod.EW, Map.of(), Map.of()), training, work), new RecordingContext());

        Grouping best = TaskGrouping.builder().maxGroups(2).build().search(result.affinity());
        assertThat(best.groups()).as("best partition into at most two groups").hasSize(2);
        double ari = AdjustedRandIndex.of(best.labelArray(), planted);
        System.out.printf("seed %d: %s, ARI %.3f%n", seed, best.partition(), ari);
        assertThat(ari).as("ARI of %s against the planted groups", best.partition()).isGreaterThanOrEqualTo(0.9);
    }

    /** Targets correlate within planted groups and not across, as the generator promises (and it does not always). */
    private static void assertPlantedStructureIsInTheData(Dataset data, int[] planted) {
        List<String> names = List.copyOf(data.targets().keySet());
        for (int i = 0; i < TASKS; i++) {
            for (int j = i + 1; j < TASKS; j++) {
                double r = TargetCorrelation.pearson(data.train().target(names.get(i)), data.train().target(names.get(j)));
                if (planted[i] == planted[j]) {
                    assertThat(r).as("correlation of %s and %s", names.get(i), names.get(j)).isGreaterThan(0.6);
                } else {
                    assertThat(Math.abs(r)).as("correlation of %s and %s", names.get(i), names.get(j)).isLessThan(0.05);
                }
            }
        }
    }
}
