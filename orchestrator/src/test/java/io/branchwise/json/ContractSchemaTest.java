package io.branchwise.json;

import io.branchwise.launcher.TrainerMessage;
import io.branchwise.launcher.TrainerProtocol;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.space.weighting.WeightingMethod;
import io.branchwise.trial.TrialSpec;
import io.branchwise.trial.TrialSpecReader;
import io.branchwise.trial.TrialSpecWriter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The published schemas describe what the code writes and refuse what the code refuses. */
class ContractSchemaTest {
    static final String RICH = """
            trainer: dl4j
            seed: 11
            data: {source: csv, options: {path: table.csv, delimiter: ";"}}
            tasks:
              - {name: a, type: regression, target: ya, metric: mae, weight: 2}
              - {name: b, type: multilabel, targets: [y1, y2], options: {threshold: 0.4}}
              - {name: c, type: binary, target: yc}
            layout: "1x16[1x8[a,b],1x8[c]]"
            weighting: {method: static, weights: {a: 2, b: 1, c: 1}}
            training: {epochs: 7, batch_size: 32, learning_rate: 0.003, optimizer: sgd, activation: tanh, dropout: 0.1,
                       batch_norm: true, affinity_every: 3, seed: 99, patience: 4, extra: {behaviour: x}}
            references: {a: 0.5, c: 0.9}
            """;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        return TrialSpecReader.parseYaml(text, "spec");
    }

    private static TrialSpec read(Map<String, Object> json) {
        return TrialSpecReader.fromMap(json, Path.of("/data"));
    }

    @Test
    void theWrittenSpecConformsAndReadsBackEqual() {
        TrialSpec spec = read(yaml(RICH));
        Map<String, Object> written = TrialSpecWriter.write(spec);
        assertThat(ContractSchema.TRIAL_SPEC.violation(written)).isEmpty();
        assertThat(read(written)).isEqualTo(spec);
        // Through JSON text, as a trainer in another language gets it.
        @SuppressWarnings("unchecked")
        Map<String, Object> text = (Map<String, Object>) PlainJson.read(PlainJson.write(written));
        assertThat(ContractSchema.TRIAL_SPEC.violation(text)).isEmpty();
        assertThat(read(text)).isEqualTo(spec);
        // Every method's spec, its hyper-parameters written out, conforms too.
        for (WeightingMethod m : WeightingMethod.values()) {
            String method = m.name().toLowerCase(Locale.ROOT);
            TrialSpec one = read(yaml(RICH.replace("{method: static, weights: {a: 2, b: 1, c: 1}}", "{method: " + method + "}")));
            assertThat(ContractSchema.TRIAL_SPEC.violation(TrialSpecWriter.write(one))).as(method).isEmpty();
        }
    }

    @Test
    void theJsonTextIsTheSameInEveryRunInTheRecordsOrder() {
        // The text keys cached baselines and is what external trainers read: no member may move between runs.
        String text = PlainJson.write(TrialSpecWriter.write(read(yaml(RICH))));
        assertThat(text).startsWith("{\"trainer\": \"dl4j\", \"seed\": 11, \"data\": {\"source\": \"csv\", \"options\":"
                + " {\"path\": \"table.csv\", \"delimiter\": \";\"}}, \"tasks\": [{\"name\": \"a\", \"type\": \"regression\","
                + " \"target\": \"ya\", \"metric\": \"mae\", \"weight\": 2.0}, {\"name\": \"b\"");
        assertThat(text).contains("\"weighting\": {\"method\": \"static\", \"weights\": {\"a\": 0.5, \"b\": 0.25, \"c\": 0.25}}")
                .contains("\"training\": {\"epochs\": 7, \"batch_size\": 32, \"learning_rate\": 0.003, \"optimizer\": \"sgd\"")
                .endsWith("\"references\": {\"a\": 0.5, \"c\": 0.9}}");
        String reversed = RICH.replace("references: {a: 0.5, c: 0.9}", "references: {c: 0.9, a: 0.5}");
        assertThat(PlainJson.write(TrialSpecWriter.write(read(yaml(reversed))))).as("kept as given")
                .endsWith("\"references\": {\"c\": 0.9, \"a\": 0.5}}");
    }

    /** A field changed in {@link #RICH}; the path both the reader and the schema must name. */
    private record Broken(String from, String to, String path) {
    }

    @Test
    void theReaderAndTheSchemaRefuseTheSameSpecsAtTheSamePlace() {
        List<Broken> cases = List.of(
                new Broken("trainer: dl4j", "trainer: dl4j\ncolour: red", "colour"),
                new Broken("epochs: 7", "epochs: 0", "training.epochs"),
                new Broken("batch_size: 32", "batch_size: 32, warmup: 3", "training.warmup"),
                new Broken("optimizer: sgd", "optimizer: lbfgs", "training.optimizer"),
                new Broken("activation: tanh", "activation: swish", "training.activation"),
                new Broken("dropout: 0.1", "dropout: 1.5", "training.dropout"),
                new Broken("learning_rate: 0.003", "learning_rate: -1", "training.learning_rate"),
                new Broken("method: static", "method: magic", "weighting.method"),
                new Broken("{name: c, type: binary, target: yc}", "{name: c, type: binary}", "tasks[2]"),
                new Broken("{name: c, type: binary, target: yc}", "{name: 9c, type: binary, target: yc}", "tasks[2].name"),
                new Broken("weight: 2", "weight: 0", "tasks[0].weight"),
                new Broken("{source: csv, options", "{kind: csv, options", "data.kind"));
        for (Broken c : cases) {
            assertThat(RICH).as(c.from()).contains(c.from());
            Map<String, Object> json = yaml(RICH.replace(c.from(), c.to()));
            Optional<ContractSchema.Violation> v = ContractSchema.TRIAL_SPEC.violation(json);
            assertThat(v).as("the schema refuses " + c.to()).isPresent();
            assertThat(v.get().path()).as(c.to()).isEqualTo("$." + c.path());
            assertThatThrownBy(() -> read(json)).as("the reader refuses " + c.to())
                    .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.path()).startsWith(c.path()));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSchemasEnumerationsAreTheCodes() {
        Map<String, Object> schema = (Map<String, Object>) PlainJson.read(ContractSchema.TRIAL_SPEC.text());
        Map<?, ?> defs = (Map<?, ?>) schema.get("$defs");
        List<Object> methods = (List<Object>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) defs.get("weighting")).get("properties"))
                .get("method")).get("enum");
        assertThat(methods).containsExactlyInAnyOrderElementsOf(Arrays.stream(WeightingMethod.values())
                .map(m -> (Object) m.name().toLowerCase(Locale.ROOT)).toList());
        List<?> activations = (List<?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) defs.get("training")).get("properties"))
                .get("activation")).get("enum");
        for (Object a : activations) {
            assertThat(read(yaml(RICH.replace("activation: tanh", "activation: " + a))).training().activation())
                    .isEqualTo(a);
        }
    }

    private static Object line(TrainerMessage m) {
        return PlainJson.read(TrainerProtocol.encode(7, m));
    }

    @Test
    void whatATrainerProcessWritesConformsToTheReportAndResultSchemas() {
        EpochReport epoch = new EpochReport(3, Map.of("a", 0.5, "b", Double.NaN), Map.of("a", 1.0), 0.2, 640);
        assertThat(ContractSchema.TRAINER_REPORT.violation(line(new TrainerMessage.Epoch(epoch)))).isEmpty();
        AffinityMatrix z = new AffinityMatrix(List.of("a", "b"), new double[][]{{0.1, -0.2}, {0.3, 0.4}});
        assertThat(ContractSchema.TRAINER_REPORT.violation(line(new TrainerMessage.Affinity(z, 40)))).isEmpty();
        assertThat(ContractSchema.TRAINER_REPORT.violation(line(new TrainerMessage.Log("hello")))).isEmpty();
        assertThat(ContractSchema.TRAINER_REPORT.violation(line(new TrainerMessage.Alive()))).isEmpty();
        TrialResult result = new TrialResult(3, false, Map.of("a", Map.of("rmse", 0.5)), Map.of("a", Map.of("rmse", Double.NaN)),
                z, Path.of("/m.zip"), 100.0, 2);
        assertThat(ContractSchema.TRIAL_RESULT.violation(line(new TrainerMessage.Result(result)))).isEmpty();
        TrialResult bare = new TrialResult(0, true, Map.of(), Map.of(), null, null, 0.0, 0);
        assertThat(ContractSchema.TRIAL_RESULT.violation(line(new TrainerMessage.Result(bare)))).isEmpty();
    }

    @Test
    void aMalformedReportOrResultIsNamedByItsPath() {
        Map<String, Object> epoch = new LinkedHashMap<>(Map.of("type", "epoch", "epoch", 2L,
                "values", Map.of("a", 0.5, "b", "high")));
        assertThat(ContractSchema.TRAINER_REPORT.violation(epoch)).get()
                .extracting(ContractSchema.Violation::path).isEqualTo("$.values.b");
        epoch.put("values", Map.of("a", 0.5));
        epoch.put("epoch", 0L);
        assertThat(ContractSchema.TRAINER_REPORT.violation(epoch)).get()
                .extracting(ContractSchema.Violation::path).isEqualTo("$.epoch");
        assertThat(ContractSchema.TRAINER_REPORT.violation(Map.of("type", "gossip"))).get()
                .extracting(ContractSchema.Violation::path).isEqualTo("$.type");
        List<Object> rows = new ArrayList<>(List.of(List.of(0.1, 0.2), List.of(0.3, "x")));
        assertThat(ContractSchema.TRAINER_REPORT.violation(Map.of("type", "affinity", "step", 1L,
                "tasks", List.of("a", "b"), "matrix", rows))).get()
                .extracting(ContractSchema.Violation::path).isEqualTo("$.matrix[1][1]");
        assertThat(ContractSchema.TRIAL_RESULT.violation(Map.of("epochs", 2L, "validation", Map.of("a", Map.of("rmse", 0.1)),
                "test", Map.of("a", 0.2)))).get()
                .extracting(ContractSchema.Violation::path).isEqualTo("$.test.a");
    }

    @Test
    void whatAPythonClientWritesForOptionalMembersIsAcceptedByTheSchemaAndTheReaderAlike() {
        // json.dumps writes None as null and may write an integer it computed as 3.0.
        String epoch = "{\"type\": \"epoch\", \"epoch\": 3.0, \"values\": {\"a\": 0.5}, \"train_loss\": null,"
                + " \"seconds\": null, \"samples\": null}";
        assertThat(ContractSchema.TRAINER_REPORT.violation(PlainJson.read(epoch))).isEmpty();
        assertThat(((TrainerMessage.Epoch) TrainerProtocol.decodeMessage(PlainJson.read(epoch))).report().epoch()).isEqualTo(3);
        String result = "{\"epochs\": 2, \"stopped\": null, \"best_epoch\": null, \"samples_per_second\": null,"
                + " \"model\": null, \"affinity\": null, \"validation\": {\"a\": {\"rmse\": 0.1}}, \"test\": {\"a\": {\"rmse\": 0.2}}}";
        assertThat(ContractSchema.TRIAL_RESULT.violation(PlainJson.read(result))).isEmpty();
        assertThat(TrainerProtocol.decodeResult(PlainJson.read(result)).bestEpoch()).as("the last when absent").isEqualTo(2);
        assertThatThrownBy(() -> TrainerProtocol.decodeMessage(PlainJson.read(epoch.replace("3.0", "3.5"))))
                .hasMessageContaining("$.epoch: expected an integer");
    }

    @Test
    void everySchemaIsFoundByItsServedName() {
        for (ContractSchema s : ContractSchema.values()) {
            assertThat(ContractSchema.byFileName(s.fileName())).contains(s);
            assertThat(PlainJson.read(s.text())).isInstanceOf(Map.class);
        }
        assertThat(ContractSchema.byFileName("../openapi.yaml")).isEmpty();
    }
}
