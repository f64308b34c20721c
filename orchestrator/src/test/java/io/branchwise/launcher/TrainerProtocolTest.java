package io.branchwise.launcher;

import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.space.grouping.AffinityMatrix;
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
        assertThat(TrainerProtocol.parseResult(result + "}").bestEpoch()).isEqualTo(5);
        assertThatThrownBy(() -> TrainerProtocol.parseResult(result + ", \"best_epoch\": 6}"))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("best_epoch");
    }

    @Test
    void startCarriesTheSpecAndFailureItsPath() {
        Map<String, Object> spec = Map.of("tasks", List.of(Map.of("name", "a")), "seed", 7L, "lr", 0.5);
        TrainerMessage.Start s = (TrainerMessage.Start) roundTrip(new TrainerMessage.Start(spec, "/base", "/work"));
        assertThat(s.spec()).isEqualTo(spec);
        assertThat(s.baseDirectory()).isEqualTo("/base");
        TrainerMessage.Failure f = (TrainerMessage.Failure) roundTrip(new TrainerMessage.Failure("line one\nline two", "tasks[0].type"));
        assertThat(f.message()).isEqualTo("line one\nline two");
        assertThat(f.path()).isEqualTo("tasks[0].type");
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
