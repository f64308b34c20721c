package io.branchwise.storage.h2;

import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.AttributeScope;
import io.branchwise.storage.StudyTask;
import io.branchwise.storage.TrialRecord;

import java.util.List;

/**
 * One accepted write, fully decided: ids, trial numbers and timestamps are already chosen and every check has
 * passed. The same change is written to the database and to the {@link Journal}, so replaying the journal after a
 * crash repeats exactly what the clients were told, without deciding anything again.
 */
sealed interface Change {

    record StudyCreated(long studyId, String name, List<StudyDirection> directions, long createdAtMillis)
            implements Change {
    }

    record StudyDeleted(long studyId) implements Change {
    }

    record StudyAttributeSet(long studyId, AttributeScope scope, String key, String json) implements Change {
    }

    /** A new trial, from a template or blank; {@code trial.id()} and {@code trial.number()} are the chosen ones. */
    record TrialCreated(TrialRecord trial) implements Change {
    }

    record TrialParameterSet(long studyId, long trialId, String name, double internalValue, String distributionJson)
            implements Change {
    }

    /**
     * {@code now} is the server's clock at the time of the change: it becomes datetime_start for RUNNING and
     * datetime_complete for a finished state. Empty {@code values} keep the current ones.
     */
    record TrialStateSet(long trialId, TrialState state, double[] values, String now) implements Change {
    }

    record IntermediateValueSet(long trialId, long step, double value) implements Change {
    }

    record TrialAttributeSet(long trialId, AttributeScope scope, String key, String json) implements Change {
    }

    record StudyTasksSet(long studyId, List<StudyTask> tasks) implements Change {
    }

    /** One value per study task at {@code step}, in the order of the study's tasks. */
    record TrialTaskValuesSet(long trialId, long step, List<Double> values) implements Change {
    }

    record BaselineCached(String key, String json, long createdAtMillis) implements Change {
    }
}
