package io.branchwise.search.spec;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.plugin.Options;
import io.branchwise.plugin.data.DataRequest;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.trial.TrialBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The trivial predictor: the training mean for a regression target, the class prior for a classification one. */
class TrivialScoresTest {
    @TempDir
    Path dir;

    @Test
    void predictsTheTrainingMeanAndThePrior() throws Exception {
        // 40 rows: y cycles 0..9, k is 1 on three rows of every four.
        StringBuilder csv = new StringBuilder("x,y,k\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i % 7).append(',').append(i % 10).append(',').append(i % 4 == 0 ? 0 : 1).append('\n');
        }
        Files.writeString(dir.resolve("t.csv"), csv);
        PluginCatalog catalog = PluginCatalog.builtIns();
        Dataset data = catalog.dataSource("csv").load(new DataRequest(Options.of("data.options", Map.of("path", "t.csv",
                "targets", List.of("y", "k"), "categorical", List.of("k"), "validation", 0.25, "test", 0.25)), 1, dir));
        var regression = TrialBinding.bindTask(0, new TaskDefinition("y", "regression", List.of("y"), null, 1.0, Options.empty("tasks[0]")),
                data, catalog);
        var binary = TrialBinding.bindTask(1, new TaskDefinition("k", "binary", List.of("k"), null, 1.0, Options.empty("tasks[1]")),
                data, catalog);

        TrivialScores r = TrivialScores.of(regression, data);
        float[] train = data.train().target("y");
        double mean = 0;
        for (float v : train) {
            mean += v / train.length;
        }
        double se = 0;
        for (float v : data.validation().target("y")) {
            se += (v - mean) * (v - mean);
        }
        assertThat(r.validation().get("rmse")).isCloseTo(Math.sqrt(se / data.validation().rows()), within(1e-4));

        TrivialScores b = TrivialScores.of(binary, data);
        assertThat(b.validation().get("auc")).as("a constant score ranks nothing").isCloseTo(0.5, within(1e-9));
        double positive = 0;
        for (float v : data.validation().target("k")) {
            positive += v;
        }
        double rate = positive / data.validation().rows();
        assertThat(b.validation().get("accuracy")).as("the prior's majority class")
                .isCloseTo(Math.max(rate, 1 - rate), within(1e-9));
    }
}
