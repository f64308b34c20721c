package io.branchwise.launcher;

import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.trial.TrialSpec;
import io.branchwise.trial.TrialSpecReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainerProtocolTest {

    private static TrainerMessage roundTrip(TrainerMessage m) {
        String line = TrainerProtocol.encode(m);
        assertThat(line).doesNotContain("\n");
        return TrainerProtocol.decode(line).orElseThrow();
    }

    @Test
    void epochKeepsValuesIncludingNaN() {
        EpochReport r = new EpochReport(4, Map.of("a", 0.25, "b", Double.NaN), Map.of("a", 1.5, "b", 2.0), 0.75, 20000);
        EpochReport back = ((TrainerMessage.Epoch) roundTrip(new TrainerMessage.Epoch(r))).report();
        assertThat(back.epoch()).isEqualTo(4);
        assertThat(back.values().get("a")).isEqualTo(0.25);
        assertThat(back.values().get("b")).isNaN();
        assertThat(back.trainLoss()).isEqualTo(r.trainLoss());
        assertThat(back.samples()).isEqualTo(20000);
    }

    @Test
    void resultKeepsMetricsAffinityAndModel() {
        AffinityMatrix z = new AffinityMatrix(List.of("a", "b"), new double[][]{{0.1, -0.2}, {0.3, 0.4}});
        TrialResult r = new TrialResult(3, true, Map.of("a", Map.of("rmse", 0.5)), Map.of("a", Map.of("rmse", 0.6)), z,
                Path.of("/tmp/m.zip"), 8000.0, 2);
        TrialResult back = ((TrainerMessage.Result) roundTrip(new TrainerMessage.Result(r))).result();
        assertThat(back.epochs()).isEqualTo(3);
        assertThat(back.bestEpoch()).isEqualTo(2);
        assertThat(back.stopped()).isTrue();
        assertThat(back.validation()).isEqualTo(r.validation());
        assertThat(back.test()).isEqualTo(r.test());
        assertThat(back.affinity().get(0, 1)).isEqualTo(-0.2);
        assertThat(back.affinity().tasks()).containsExactly("a", "b");
        assertThat(back.model()).isEqualTo(Path.of("/tmp/m.zip"));
    }

    @Test
    void aResultWithoutABestEpochIsItsLastAndOneOutsideTheEpochsIsRefused() {
        String result = "{\"type\": \"result\", \"epochs\": 5, \"validation\": {}, \"test\": {}";
        assertThat(TrainerProtocol.decodeResult(TrainerProtocol.readJson(result + "}")).bestEpoch()).isEqualTo(5);
        assertThatThrownBy(() -> TrainerProtocol.decodeResult(TrainerProtocol.readJson(result + ", \"best_epoch\": 6}")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("best_epoch");
    }

    @Test
    void startCarriesTheSpecAndFailureItsPath() {
        TrialSpec spec = TrialSpecReader.fromMap(TrialSpecReader.parseYaml("""
                seed: 7
                data: {source: synthetic, options: {tasks: 1}}
                tasks: [{name: a, type: regression, target: t0}]
                layout: "1x8[a]"
                """, "spec"), Path.of("/base"));
        TrainerMessage.Start s = (TrainerMessage.Start) roundTrip(new TrainerMessage.Start(spec, "/work"));
        assertThat(s.spec()).isEqualTo(spec);
        assertThat(s.workDirectory()).isEqualTo("/work");
        TrainerMessage.Failure f = (TrainerMessage.Failure) roundTrip(new TrainerMessage.Failure("line one\nline two", "tasks[0].type"));
        assertThat(f.message()).isEqualTo("line one\nline two");
        assertThat(f.path()).isEqualTo("tasks[0].type");
    }

    @Test
    void aStartWhoseSpecIsWrongIsRefusedNamingItsJobAndTheSpecsPath() {
        String line = "{\"type\": \"start\", \"job\": 4, \"base_directory\": \"/b\", \"work_directory\": \"/w\","
                + " \"spec\": {\"data\": {\"source\": \"synthetic\"}, \"tasks\": [{\"name\": \"a\", \"type\": \"regression\","
                + " \"target\": \"t0\"}], \"layout\": \"1x8[a,b]\"}}";
        assertThatThrownBy(() -> TrainerProtocol.decodeLine(line))
                .isInstanceOfSatisfying(MalformedLineException.class, e -> {
                    assertThat(e.job()).isEqualTo(4);
                    assertThat(e.type()).isEqualTo("start");
                    assertThat(e.fault().path()).isEqualTo("$.spec.layout");
                    assertThat(e.fault().getCause()).isInstanceOfSatisfying(SpecException.class,
                            spec -> assertThat(spec.path()).isEqualTo("layout"));
                });
    }

    @Test
    void strayOutputIsNotAMessageButABrokenMessageIsAnError() {
        assertThat(TrainerProtocol.decode("WARNING: native library loaded")).isEmpty();
        assertThat(TrainerProtocol.decode("{not json")).isEmpty();
        assertThat(TrainerProtocol.decode("{\"no_type\": 1}")).isEmpty();
        assertThatThrownBy(() -> TrainerProtocol.decode("{\"type\": \"epoch\", \"epoch\": \"x\"}"))
                .hasMessageStartingWith("malformed trainer message: $.epoch: expected an integer, got \"x\"");
    }
}
