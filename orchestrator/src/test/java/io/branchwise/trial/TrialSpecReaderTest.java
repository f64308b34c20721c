package io.branchwise.trial;

import io.branchwise.launcher.TrainerMessage;
import io.branchwise.launcher.TrainerProtocol;
import io.branchwise.plugin.SpecException;
import io.branchwise.space.weighting.WeightingMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TrialSpecReaderTest {
    private static final String GOOD = """
            seed: 7
            data: {source: synthetic, options: {tasks: 3}}
            tasks:
              - {name: a, type: regression, target: t0}
              - {name: b, type: regression, target: t1, weight: 2}
              - {name: c, type: multilabel, targets: [t2, t3], metric: micro_f1}
            layout: "2x64[1x32[a,b],1x16[c]]"
            weighting: {method: dwa, temperature: 3}
            training: {epochs: 4, batch_size: 128, learning_rate: 0.01}
            """;

    private static TrialSpec read(String yaml) {
        return TrialSpecReader.fromMap(TrialSpecReader.parseYaml(yaml, "spec.yaml"), Path.of("/data"));
    }

    private static SpecException error(String yaml) {
        return catchThrowableOfType(SpecException.class, () -> read(yaml));
    }

    @Test
    void readsACompleteSpec() {
        TrialSpec spec = read(GOOD);
        assertThat(spec.trainer()).isEqualTo("dl4j");
        assertThat(spec.data().source()).isEqualTo("synthetic");
        assertThat(spec.data().options().integer("tasks")).isEqualTo(3);
        assertThat(spec.data().options().path("tasks")).isEqualTo("data.options.tasks");
        assertThat(spec.taskNames()).containsExactly("a", "b", "c");
        assertThat(spec.tasks().get(1).weight()).isEqualTo(2.0);
        assertThat(spec.tasks().get(2).targets()).containsExactly("t2", "t3");
        assertThat(spec.layout().toString()).isEqualTo("2x64[1x32[a,b],1x16[c]]");
        assertThat(spec.weighting().method()).isEqualTo(WeightingMethod.DWA);
        assertThat(spec.weighting().hyperParameter("temperature")).isEqualTo(3.0);
        assertThat(spec.training().epochs()).isEqualTo(4);
        assertThat(spec.training().seed()).as("the spec's seed reaches training").isEqualTo(7L);
    }

    @Test
    void layoutMappingsBuildTheThreeKindsOfSharing() {
        String base = GOOD.replaceAll("layout: .*\n", "");
        assertThat(read(base + "layout: {sharing: hard, trunk: {depth: 3, width: 32}}").layout())
                .hasToString("3x32[a,b,c]");
        assertThat(read(base + "layout: {sharing: task-specific, branch: {depth: 2, width: 16}}").layout())
                .hasToString("0x0[2x16[a],2x16[b],2x16[c]]");
        assertThat(read(base + "layout: {trunk: {depth: 1, width: 8}, groups: [[c], [b, a]]}").layout())
                .hasToString("1x8[1x64[a,b],1x64[c]]");
    }

    @Test
    void staticWeightsAreNormalisedAndDefaultToOne() {
        TrialSpec spec = read(GOOD.replace("{method: dwa, temperature: 3}", "{method: static, weights: {a: 2, b: 1}}"));
        assertThat(spec.weighting().staticWeights()).containsEntry("a", 0.5).containsEntry("b", 0.25).containsEntry("c", 0.25);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top-level key     | 'seed: 7'                         | 'sede: 7'                                | sede                | unknown option
            missing data source       | 'data: {source: synthetic, options: {tasks: 3}}' | 'data: {options: {}}'     | data.source         | required
            duplicate task name       | '{name: b, type: regression, target: t1, weight: 2}' | '{name: a, type: regression, target: t1}' | tasks[1].name | named twice
            target and targets        | 'target: t0}'                     | 'target: t0, targets: [t1]}'             | tasks[0].target     | exactly one of target or targets
            negative weight           | 'weight: 2'                       | 'weight: -1'                             | tasks[1].weight     | must be positive
            bad task name             | '{name: a,'                       | '{name: 9a,'                             | tasks[0].name       | must match
            layout misses a task      | '1x16[c]'                         | '1x16[d]'                                | layout              | d
            unparsable layout         | '"2x64[1x32[a,b],1x16[c]]"'       | '"2x64[1x32[a,b],1x16[c]"'               | layout              | ''
            unknown weighting         | 'method: dwa, temperature: 3'     | 'method: magic'                          | weighting.method    | unknown weighting method "magic"
            option of another method  | 'temperature: 3'                  | 'alpha: 3'                               | weighting.alpha     | unknown option
            text for a number         | 'epochs: 4'                       | 'epochs: four'                           | training.epochs     | expected an integer, got "four"
            zero batch                | 'batch_size: 128'                 | 'batch_size: 0'                          | training.batch_size | must be at least 1
            unknown optimizer         | 'learning_rate: 0.01'             | 'learning_rate: 0.01, optimizer: lbfgs'  | training.optimizer  | must be adam or sgd
            """)
    void everyProblemNamesItsField(String why, String from, String to, String path, String message) {
        assertThat(GOOD).contains(from);
        SpecException e = error(GOOD.replace(from, to));
        assertThat(e).as(why).isNotNull();
        assertThat(e.path()).isEqualTo(path);
        assertThat(e.problem()).contains(message);
    }

    @Test
    void referencesAndPatienceAreReadAndCheckedAgainstTheTasks() {
        TrialSpec spec = read(GOOD + "references: {a: 0.5, c: 0.9}\n");
        assertThat(spec.references()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("a", 0.5, "c", 0.9));
        assertThat(read(GOOD).references()).isEmpty();
        assertThat(read(GOOD).training().patience()).isEqualTo(io.branchwise.plugin.trainer.TrainingOptions.DEFAULT_PATIENCE);
        assertThat(read(GOOD.replace("learning_rate: 0.01}", "learning_rate: 0.01, patience: 0}")).training().patience())
                .isZero();
        assertThat(error(GOOD + "references: {z: 0.5}\n").path()).isEqualTo("references.z");
        assertThat(error(GOOD + "references: {a: high}\n").path()).isEqualTo("references.a");
        assertThat(error(GOOD.replace("learning_rate: 0.01}", "learning_rate: 0.01, patience: -1}")).path())
                .isEqualTo("training.patience");
    }

    @Test
    void yamlSyntaxErrorsGiveLineAndColumn() {
        assertThatThrownBy(() -> read("seed: 7\ntasks: [a, b\n"))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("spec.yaml line 3, column 1:");
        assertThatThrownBy(() -> read("seed: 1\nseed: 2\n")).hasMessageContaining("duplicate key seed");
        assertThatThrownBy(() -> read("- just\n- a list\n")).hasMessage("spec.yaml: expected a mapping at the top, got ArrayList");
    }

    @Test
    void specReadInTheTrainerProcessEqualsTheOneReadFromYaml() {
        Map<String, Object> raw = TrialSpecReader.parseYaml(GOOD, "spec.yaml");
        TrialSpec here = TrialSpecReader.fromMap(raw, Path.of("/d"));
        String line = TrainerProtocol.encode(new TrainerMessage.Start(here, "/w"));
        TrialSpec there = ((TrainerMessage.Start) TrainerProtocol.decode(line).orElseThrow()).spec();
        assertThat(there.baseDirectory()).isEqualTo(Path.of("/d").toAbsolutePath());
        assertThat(there.tasks()).usingRecursiveComparison().isEqualTo(here.tasks());
        assertThat(there.layout()).isEqualTo(here.layout());
        assertThat(there.weighting()).isEqualTo(here.weighting());
        assertThat(there.training()).usingRecursiveComparison().isEqualTo(here.training());
    }
}
