package io.branchwise.search;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.json.PlainJson;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SearchSpecReader;
import io.branchwise.search.spec.SpecCheck;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.TrialRecord;
import io.branchwise.storage.h2.H2Storage;
import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pruner audit trains every pruned trial to the end on its own seed and says whether pruning it lost a contender:
 * here the negative-transfer pruner stops the grouping that mixes strangers, and its full training confirms it.
 */
@Timeout(120)
class PrunerAuditTest {
    @TempDir
    Path dir;

    @Test
    void everyPrunedTrialIsTrainedToTheEndAndJudgedAgainstTheBest() throws Exception {
        String yaml = PlantedModelLauncher.fourTasks("audit", 17) + """
                space: {trunk_depth: 0, branch_depth: 1, widths: [4], max_branches: 2,
                        groupings: [[[a, b], [c, d]], [[a, c], [b, d]]]}
                training: {epochs: 4}
                search: {trials: 2, parallel: 1, sampler: {type: qmc, seed: 1}, seeds: 2, finalists: 1,
                         pruner: {type: negative-transfer, warmup_epochs: 0, startup_trials: 0, patience: 1, audit: true},
                         baseline: {depth: 1, width: 4}}
                """;
        SearchSpec spec = SearchSpecReader.fromMap(TrialSpecReader.parseYaml(yaml, "spec.yaml"), Path.of("."), null);
        // Curves level off after epoch 2, so epoch 3 is judged (epoch 4 is the last: nothing is pruned there).
        PlantedModelLauncher launcher = new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c", "d")), true, 0.01)
                .settledAt(2);
        try (H2Storage storage = H2Storage.open(dir.resolve("db"))) {
            SearchResult result = new SearchRunner(spec, SpecCheck.bind(spec, PluginCatalog.builtIns()), storage,
                    launcher, dir.resolve("work"), false, SearchListener.NONE).run();
            List<TrialRecord> pruned = storage.trials(result.studyId(), -1, List.of()).stream()
                    .filter(t -> t.state() == TrialState.PRUNED).toList();
            assertThat(pruned).as("the mixed grouping is pruned").isNotEmpty();

            PrunerAudit.Result audit = result.pruneAudit();
            assertThat(audit.entries()).extracting(PrunerAudit.Entry::trialNumber)
                    .containsExactlyElementsOf(pruned.stream().map(t -> (int) t.number()).toList());
            for (PrunerAudit.Entry e : audit.entries()) {
                assertThat(e.layout()).isEqualTo("0x0[1x4[a,c],1x4[b,d]]");
                assertThat(e.deltaM()).as("strangers raise each error by 20%").isLessThan(-15.0);
                assertThat(e.falsePrune()).isFalse();
                assertThat(e.prunedBecause()).contains("trails its single-task baseline");
                assertThat(launcher.specs.get("audit-trial-" + e.trialNumber()).training().epochs()).isEqualTo(4);
            }
            assertThat(audit.bestDeltaM()).isPositive();
            assertThat(audit.noise()).as("the verdict's Δm half-width").isPositive();
            Map<?, ?> stored = (Map<?, ?>) PlainJson.read(storage.study(result.studyId()).systemAttributes()
                    .get(SearchStudy.PRUNER_AUDIT));
            assertThat(stored.get("audited")).isEqualTo((long) pruned.size());
            assertThat(stored.get("false_prunes")).isEqualTo(0L);
            assertThat(result.toMap().get("pruner_audit")).isNotNull();
        }
    }
}
