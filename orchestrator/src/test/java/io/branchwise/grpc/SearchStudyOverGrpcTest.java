package io.branchwise.grpc;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.proto.optuna.GetStudyDirectionsRequest;
import io.branchwise.proto.optuna.GetStudyIdFromNameRequest;
import io.branchwise.proto.optuna.GetStudySystemAttributesRequest;
import io.branchwise.proto.optuna.GetTrialsRequest;
import io.branchwise.proto.optuna.StudyDirection;
import io.branchwise.proto.optuna.Trial;
import io.branchwise.proto.optuna.TrialState;
import io.branchwise.search.PlantedModelLauncher;
import io.branchwise.search.SearchListener;
import io.branchwise.search.SearchResult;
import io.branchwise.search.SearchRunner;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SearchSpecReader;
import io.branchwise.search.spec.SpecCheck;
import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.DistributionJson;
import io.branchwise.space.distribution.FloatDistribution;
import io.branchwise.space.json.JsonParser;
import io.branchwise.space.json.JsonValue;
import io.branchwise.storage.h2.H2Storage;
import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A study written by a search, read back the way Optuna's GrpcStorageProxy reads it: over the storage gRPC. */
@org.junit.jupiter.api.Timeout(180)
class SearchStudyOverGrpcTest {
    @TempDir
    Path dir;

    @Test
    void anOptunaClientSeesTheSearchTrialsWithParamsDistributionsAndValues() throws Exception {
        SearchSpec spec = SearchSpecReader.fromMap(TrialSpecReader.parseYaml("""
                name: over-grpc
                seed: 3
                trainer: scripted
                data: {source: fixture, options: {rows: 8, targets: [a, b, c]}}
                tasks:
                  - {name: a, type: fixture-regression, target: a}
                  - {name: b, type: fixture-regression, target: b}
                  - {name: c, type: fixture-regression, target: c}
                space: {trunk_depth: [0, 2], branch_depth: [1, 2], widths: [4, 8], groupings: all}
                weighting: {methods: [ew, static]}
                training: {epochs: 3, learning_rate: [0.0001, 0.1]}
                search: {trials: 8, parallel: 2, sampler: tpe}
                """, "spec.yaml"), dir, null);
        SearchResult result;
        try (H2Storage storage = H2Storage.open(dir.resolve("branchwise"))) {
            result = new SearchRunner(spec, SpecCheck.bind(spec, PluginCatalog.builtIns()), storage,
                    new PlantedModelLauncher(List.of(List.of("a", "b"), List.of("c")), false), dir.resolve("work"), false,
                    SearchListener.NONE).run();
        }
        try (RunningServer server = new RunningServer(dir)) {
            var client = server.client();
            long id = client.getStudyIdFromName(GetStudyIdFromNameRequest.newBuilder().setStudyName("over-grpc").build()).getStudyId();
            assertThat(id).isEqualTo(result.studyId());
            assertThat(client.getStudyDirections(GetStudyDirectionsRequest.newBuilder().setStudyId(id).build())
                    .getDirectionsList()).containsExactly(StudyDirection.MAXIMIZE);
            assertThat(client.getStudySystemAttributes(GetStudySystemAttributesRequest.newBuilder().setStudyId(id).build())
                    .getSystemAttributesMap()).containsKeys("branchwise:spec", "branchwise:baselines",
                    "branchwise:recommendation", "branchwise:references", "branchwise:objective");
            List<Trial> trials = client.getTrials(GetTrialsRequest.newBuilder().setStudyId(id).setTrialIdGreaterThan(-1)
                    .build()).getTrialsList();
            assertThat(trials).hasSize(8).allMatch(t -> t.getState() == TrialState.COMPLETE);
            for (Trial t : trials) {
                assertThat(t.getValuesList()).hasSize(1);
                assertThat(t.getParamsMap().keySet()).isEqualTo(t.getDistributionsMap().keySet())
                        .contains("layout.trunk_depth", "layout.grouping", "weighting.method", "training.learning_rate");
                t.getParamsMap().forEach((name, internal) -> {
                    Distribution d = DistributionJson.parse(t.getDistributionsMap().get(name));
                    assertThat(d.contains(internal)).as(name).isTrue();
                });
                // Optuna's own JSON encoding: class name and attributes, e.g. a log-scale float for the learning rate.
                JsonValue.JsonObject lr = (JsonValue.JsonObject) JsonParser.parse(t.getDistributionsMap().get("training.learning_rate"));
                assertThat(lr.members().get("name")).isEqualTo(new JsonValue.JsonString("FloatDistribution"));
                assertThat(DistributionJson.parse(t.getDistributionsMap().get("training.learning_rate")))
                        .isEqualTo(new FloatDistribution(0.0001, 0.1, true, null));
                assertThat(DistributionJson.parse(t.getDistributionsMap().get("weighting.method")))
                        .isInstanceOf(CategoricalDistribution.class);
                assertThat(t.getIntermediateValuesMap()).containsOnlyKeys(1L, 2L, 3L);
                assertThat(t.getSystemAttributesMap()).containsKeys("branchwise:layout", "branchwise:task_values",
                        "branchwise:delta_per_task");
            }
            Trial recommended = trials.get(result.recommendation().trialNumber());
            assertThat(recommended.getValues(0)).isEqualTo(result.recommendation().deltaM());
        }
    }
}
