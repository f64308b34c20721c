package io.branchwise.grpc;

import io.branchwise.proto.optuna.Study;
import io.branchwise.proto.optuna.Trial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.StorageException;
import io.branchwise.storage.StudyRecord;
import io.branchwise.storage.TrialRecord;

import java.util.List;
import java.util.TreeMap;

/**
 * Translation between Optuna's wire messages and storage records. Enum numbers are checked here because proto3
 * lets a client send any number, and an unknown one must be refused rather than stored.
 */
final class TrialMessages {
    private static final StudyDirection[] DIRECTIONS = StudyDirection.values();
    private static final TrialState[] STATES = TrialState.values();

    private TrialMessages() {
    }

    static StudyDirection direction(int number) {
        if (number < 0 || number >= DIRECTIONS.length) {
            throw new StorageException.InvalidInput("unknown study direction " + number
                    + " (expected 0 = MINIMIZE or 1 = MAXIMIZE)");
        }
        return DIRECTIONS[number];
    }

    static List<StudyDirection> directions(List<Integer> numbers) {
        return numbers.stream().map(TrialMessages::direction).toList();
    }

    static TrialState state(int number) {
        if (number < 0 || number >= STATES.length) {
            throw new StorageException.InvalidInput("unknown trial state " + number
                    + " (expected 0 = RUNNING, 1 = COMPLETE, 2 = PRUNED, 3 = FAIL or 4 = WAITING)");
        }
        return STATES[number];
    }

    static List<Integer> directionNumbers(List<StudyDirection> directions) {
        return directions.stream().map(Enum::ordinal).toList();
    }

    static Study study(StudyRecord record) {
        return Study.newBuilder()
                .setStudyId(record.id())
                .setStudyName(record.name())
                .addAllDirectionsValue(directionNumbers(record.directions()))
                .putAllUserAttributes(record.userAttributes())
                .putAllSystemAttributes(record.systemAttributes())
                .build();
    }

    static Trial trial(TrialRecord record) {
        return Trial.newBuilder()
                .setTrialId(record.id())
                .setNumber(record.number())
                .setStateValue(record.state().ordinal())
                .addAllValues(record.values())
                .setDatetimeStart(record.datetimeStart() == null ? "" : record.datetimeStart())
                .setDatetimeComplete(record.datetimeComplete() == null ? "" : record.datetimeComplete())
                .putAllParams(record.params())
                .putAllDistributions(record.distributions())
                .putAllUserAttributes(record.userAttributes())
                .putAllSystemAttributes(record.systemAttributes())
                .putAllIntermediateValues(record.intermediateValues())
                .build();
    }

    /** A template from {@code enqueue_trial} or {@code add_trial}; its id and number are ignored. */
    static TrialRecord template(long studyId, Trial t) {
        return new TrialRecord(-1, studyId, -1, state(t.getStateValue()), t.getValuesList(),
                emptyIsNone(t.getDatetimeStart()), emptyIsNone(t.getDatetimeComplete()),
                t.getParamsMap(), t.getDistributionsMap(), t.getUserAttributesMap(), t.getSystemAttributesMap(),
                new TreeMap<>(t.getIntermediateValuesMap()));
    }

    private static String emptyIsNone(String datetime) {
        return datetime.isEmpty() ? null : datetime;
    }
}
