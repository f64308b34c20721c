package io.branchwise.grpc;

import io.branchwise.proto.search.GetRecommendationReply;
import io.branchwise.search.SearchStudy;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A recommendation chosen on repeats reaches gRPC clients with its intervals; one without repeats has none. */
class RecommendationMessageTest {
    private static final String SINGLE = """
            {"trial_number": 4, "layout": "1x8[a,b]", "layout_tree": "", "weighting": "ew", "learning_rate": 0.01,
             "delta_m": 2.5, "within_tolerance": true, "note": "", "model": "", "params": {},
             "tasks": [{"task": "a", "metric": "rmse", "higher_is_better": false, "stl": 1.0, "value": 0.95,
                        "delta_percent": 5.0, "negative_transfer": false, "stl_test": 1.0, "test": 0.96},
                       {"task": "b", "metric": "rmse", "higher_is_better": false, "stl": 1.0, "value": 1.0,
                        "delta_percent": 0.0, "negative_transfer": false, "stl_test": 1.0, "test": 1.0}]""";

    @Test
    void repeatsCarryIntervalsNoiseFloorsAndTestFigures() {
        String stored = SINGLE + """
                , "repeats": {"name": "trial 4", "seeds": 3, "delta_m": 1.5, "delta_m_interval": [-0.5, 3.5],
                  "test_delta_m": 1.2, "test_delta_m_interval": [-1.0, 3.4],
                  "tasks": [{"task": "a", "delta": 4.0, "interval": [1.0, 7.0], "noise_floor": 2.0,
                             "significant_loss": false, "test_delta": 3.0, "test_interval": [0.5, 5.5]},
                            {"task": "b", "delta": -1.0, "interval": [-5.0, 3.0], "noise_floor": 2.5,
                             "significant_loss": false}]}}""";
        GetRecommendationReply rec = SearchMessages.recommendation(1, Map.of(SearchStudy.RECOMMENDATION, stored));
        assertThat(rec.getSeeds()).isEqualTo(3);
        assertThat(rec.getRepeatedDeltaM()).isEqualTo(1.5);
        assertThat(rec.getDeltaMInterval().getLow()).isEqualTo(-0.5);
        assertThat(rec.getDeltaMInterval().getHigh()).isEqualTo(3.5);
        assertThat(rec.getTestDeltaM()).isEqualTo(1.2);
        assertThat(rec.getTestDeltaMInterval().getHigh()).isEqualTo(3.4);
        assertThat(rec.getDeltaM()).as("the single run's Δm stays where it was").isEqualTo(2.5);
        var a = rec.getTasks(0).getRepeated();
        assertThat(a.getDeltaPercent()).isEqualTo(4.0);
        assertThat(a.getInterval().getLow()).isEqualTo(1.0);
        assertThat(a.getNoiseFloor()).isEqualTo(2.0);
        assertThat(a.getTestDeltaPercent()).isEqualTo(3.0);
        assertThat(a.getTestInterval().getLow()).isEqualTo(0.5);
        var b = rec.getTasks(1).getRepeated();
        assertThat(b.hasTestDeltaPercent()).as("no test figures reported for b").isFalse();
        assertThat(b.getInterval().getLow()).isEqualTo(-5.0);
    }

    @Test
    void aSingleRunRecommendationHasNoRepeats() {
        GetRecommendationReply rec = SearchMessages.recommendation(1, Map.of(SearchStudy.RECOMMENDATION, SINGLE + "}"));
        assertThat(rec.getSeeds()).isZero();
        assertThat(rec.hasRepeatedDeltaM()).isFalse();
        assertThat(rec.hasDeltaMInterval()).isFalse();
        assertThat(rec.getTasks(0).hasRepeated()).isFalse();
    }
}
