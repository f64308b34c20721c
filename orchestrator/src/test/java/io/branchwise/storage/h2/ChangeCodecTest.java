package io.branchwise.storage.h2;

import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.AttributeScope;
import io.branchwise.storage.StudyTask;
import io.branchwise.storage.TrialRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangeCodecTest {
    private static final String DIST = "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": 0.0, \"high\": 1.0, \"log\": false}}";

    private static Change roundTrip(long sequence, Change change) throws IOException {
        ChangeCodec.Numbered back = ChangeCodec.decode(ChangeCodec.encode(sequence, change));
        assertThat(back.sequence()).isEqualTo(sequence);
        return back.change();
    }

    @Test
    void everyKindOfChangeComesBackEqual() throws IOException {
        Map<String, Double> params = new LinkedHashMap<>();
        params.put("x", 0.25);
        params.put("opt", 2.0);
        Map<String, String> distributions = new LinkedHashMap<>();
        distributions.put("x", DIST);
        distributions.put("opt", "{\"name\": \"CategoricalDistribution\", \"attributes\": {\"choices\": [NaN, \"a\", null]}}");
        TreeMap<Long, Double> intermediate = new TreeMap<>(Map.of(0L, Double.NaN, 3L, Double.NEGATIVE_INFINITY));
        TrialRecord trial = new TrialRecord(42, 7, 3, TrialState.WAITING, List.of(1.5, Double.POSITIVE_INFINITY),
                null, "2025-01-02 03:04:05.000006", params, distributions, Map.of("note", "\"\\u00fc\""),
                Map.of("fixed_params", "{\"x\": 0.25}"), intermediate);
        List<Change> changes = List.of(
                new Change.StudyCreated(7, "ünï ✓ study", List.of(StudyDirection.MAXIMIZE, StudyDirection.MINIMIZE),
                        1_700_000_000_123L),
                new Change.StudyDeleted(Long.MAX_VALUE),
                new Change.StudyAttributeSet(7, AttributeScope.SYSTEM, "", "NaN"),
                new Change.TrialCreated(trial),
                new Change.TrialParameterSet(7, 42, "x", -0.0, DIST),
                new Change.IntermediateValueSet(42, -1, Double.MIN_VALUE),
                new Change.TrialAttributeSet(42, AttributeScope.USER, "k", "[1, 2.0, \"three\"]"),
                new Change.StudyTasksSet(7, List.of(new StudyTask("t0", "regression", "rmse", StudyDirection.MINIMIZE),
                        new StudyTask("ü", "multiclass", "accuracy", StudyDirection.MAXIMIZE))),
                new Change.TrialTaskValuesSet(42, 3, List.of(0.5, Double.NaN, Double.NEGATIVE_INFINITY)),
                new Change.BaselineCached("k".repeat(128), "{\"rmse\": 0.25}", 1_700_000_000_123L));
        long sequence = 1;
        for (Change change : changes) {
            assertThat(roundTrip(sequence++, change)).isEqualTo(change);
        }
    }

    /** Records compare arrays by identity, so the values of a state change are compared one by one. */
    @Test
    void stateChangesKeepEveryValueBitForBit() throws IOException {
        double[] values = {Double.NaN, -0.0, Double.NEGATIVE_INFINITY, 1e-300};
        Change.TrialStateSet back = (Change.TrialStateSet) roundTrip(9,
                new Change.TrialStateSet(5, TrialState.PRUNED, values, "2025-01-02 03:04:05.123456"));
        assertThat(back.trialId()).isEqualTo(5);
        assertThat(back.state()).isEqualTo(TrialState.PRUNED);
        assertThat(back.now()).isEqualTo("2025-01-02 03:04:05.123456");
        assertThat(back.values()).hasSize(values.length);
        for (int i = 0; i < values.length; i++) {
            assertThat(Double.doubleToRawLongBits(back.values()[i])).isEqualTo(Double.doubleToRawLongBits(values[i]));
        }
    }

    /** Attribute text is kept exactly, even text no UTF-8 encoder could represent. */
    @Test
    void anyJavaStringSurvivesIncludingALoneSurrogateAndMegabytes() throws IOException {
        String lone = "\"a\ud800b\"";
        String big = "\"" + "x".repeat(3 * 1024 * 1024) + "\"";
        Change.TrialAttributeSet back = (Change.TrialAttributeSet) roundTrip(1,
                new Change.TrialAttributeSet(1, AttributeScope.USER, lone, big));
        assertThat(back.key()).isEqualTo(lone);
        assertThat(back.json()).isEqualTo(big);
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] encoded = ChangeCodec.encode(1, new Change.StudyDeleted(3));
        byte[] longer = java.util.Arrays.copyOf(encoded, encoded.length + 1);
        assertThatThrownBy(() -> ChangeCodec.decode(longer)).isInstanceOf(IOException.class)
                .hasMessageContaining("trailing");
    }
}
