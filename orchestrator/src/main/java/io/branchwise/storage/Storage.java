package io.branchwise.storage;

import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.query.StudyHistory;
import io.branchwise.storage.query.StudySummary;
import io.branchwise.storage.query.TrialPage;
import io.branchwise.storage.query.TrialPageRequest;

import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The one store of studies and trials, with Optuna's storage semantics. The Optuna gRPC face, the REST API and
 * the search runner all go through it, so every invariant lives here rather than in a front end:
 * <ul>
 *   <li>study and trial ids increase with creation and are never reused, not even after a delete or a restart;</li>
 *   <li>a trial becomes visible only after every lower trial id (clients cache on "last finished id");</li>
 *   <li>trial numbers are dense and unique per study under any concurrency;</li>
 *   <li>WAITING→RUNNING is a compare-and-set: exactly one claimer wins;</li>
 *   <li>finished trials are immutable;</li>
 *   <li>attribute values and distributions are stored as the exact text received.</li>
 * </ul>
 * Methods block (JDBC); callers on an event loop must move them to a worker. Every method is atomic: it either
 * applies completely or throws a {@link StorageException} and changes nothing.
 */
public interface Storage extends AutoCloseable {

    long createStudy(String name, List<StudyDirection> directions);

    void deleteStudy(long studyId);

    void setStudyAttribute(long studyId, AttributeScope scope, String key, String jsonValue);

    long studyIdByName(String name);

    StudyRecord study(long studyId);

    List<StudyRecord> allStudies();

    /** Creates a RUNNING trial started now, or a copy of {@code template} when it is not null. */
    long createTrial(long studyId, TrialRecord template);

    void setTrialParameter(long trialId, String name, double internalValue, String distributionJson);

    long trialIdByNumber(long studyId, long number);

    /**
     * Moves a trial to {@code state}. Returns false, changing nothing, when RUNNING is requested for a trial that
     * is not WAITING (the loser of a claim race). Empty {@code values} keep the current ones.
     */
    boolean setTrialStateValues(long trialId, TrialState state, double[] values);

    void setTrialIntermediateValue(long trialId, long step, double value);

    void setTrialAttribute(long trialId, AttributeScope scope, String key, String jsonValue);

    TrialRecord trial(long trialId);

    /** The study's trials whose id is above {@code idGreaterThan} or in {@code includedIds}, by id. */
    List<TrialRecord> trials(long studyId, long idGreaterThan, Collection<Long> includedIds);

    // ---- multi-task data: beside Optuna's model, read by Branchwise's own faces ----------------------------

    /**
     * Names the tasks of a multi-task study, in the order of every per-task vector of its trials. Set once:
     * setting the same list again is a no-op, a different list is refused.
     */
    void setStudyTasks(long studyId, List<StudyTask> tasks);

    /** The study's tasks in vector order; empty for a plain Optuna study. */
    List<StudyTask> studyTasks(long studyId);

    /**
     * One value per study task at {@code step} (the per-task curve beside Optuna's scalar intermediate value).
     * The vector must have one value per {@link #studyTasks task}; NaN is kept (a diverged task).
     */
    void setTrialTaskValues(long trialId, long step, List<Double> values);

    /** Step → per-task vector, ascending by step. */
    NavigableMap<Long, List<Double>> trialTaskValues(long trialId);

    /**
     * Remembers a single-task baseline under a key derived from everything that determines it (data, task,
     * budget, seed), so studies on the same data reuse it. The first value stored under a key is kept.
     */
    void cacheBaseline(String key, String json);

    Optional<String> cachedBaseline(String key);

    // ---- browsing: set queries for lists and charts over many studies and large ones ----------------------

    /**
     * Every study, by id, with trial counts per state, best value and last activity computed by aggregate queries
     * (no trial is loaded), plus only the system attributes named in {@code systemAttributeKeys}.
     *
     * @param maxTrialAttribute a trial system attribute that holds a number (e.g. a search's Δm beside per-task
     *                          objectives): each summary carries its largest finite value among COMPLETE trials;
     *                          null for none
     */
    List<StudySummary> studySummaries(Collection<String> systemAttributeKeys, String maxTrialAttribute);

    /** One study's {@link #studySummaries summary}. */
    StudySummary studySummary(long studyId, Collection<String> systemAttributeKeys, String maxTrialAttribute);

    /** One keyset page of a study's trials, with the number of trials matching its filters. */
    TrialPage trialPage(long studyId, TrialPageRequest request);

    /** The study's finished trials (COMPLETE, PRUNED, FAIL) as columns, by number. */
    StudyHistory history(long studyId);

    @Override
    void close();
}
