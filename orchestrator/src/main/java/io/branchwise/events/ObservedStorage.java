package io.branchwise.events;

import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.AttributeScope;
import io.branchwise.storage.Storage;
import io.branchwise.storage.StudyRecord;
import io.branchwise.storage.StudyTask;
import io.branchwise.storage.TrialRecord;
import io.branchwise.storage.query.StudyHistory;
import io.branchwise.storage.query.StudySummary;
import io.branchwise.storage.query.TrialPage;
import io.branchwise.storage.query.TrialPageRequest;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link Storage} that publishes an {@link Event} after each successful write. Every front end (Optuna's gRPC
 * clients, the REST API, hosted searches) writes through the one instance the server hands out, so watchers see
 * every change whoever made it, and no front end has to remember to announce its own writes. A refused write
 * publishes nothing.
 *
 * <p>Events need a trial's study and number, which most writes do not carry; they are looked up once per trial
 * and remembered (both never change). While no sink {@linkplain EventSink#isListening listens} nothing is looked
 * up or built, so the storage costs what the undecorated one does.
 */
public final class ObservedStorage implements Storage {
    private static final Logger LOG = Logger.getLogger(ObservedStorage.class.getName());
    private static final int REMEMBERED_TRIALS = 10_000;

    private final Storage storage;
    private final List<EventSink> sinks = new CopyOnWriteArrayList<>();
    private final Map<Long, TrialIdentity> identities = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, TrialIdentity> eldest) {
                    return size() > REMEMBERED_TRIALS;
                }
            });

    private record TrialIdentity(long studyId, long number) {
    }

    public ObservedStorage(Storage storage) {
        this.storage = storage;
    }

    public void addSink(EventSink sink) {
        sinks.add(sink);
    }

    public void removeSink(EventSink sink) {
        sinks.remove(sink);
    }

    // ---- writes that publish ------------------------------------------------------------------------------

    @Override
    public long createStudy(String name, List<StudyDirection> directions) {
        long id = storage.createStudy(name, directions);
        publish(() -> new Event(EventType.STUDY_CREATED, id,
                data("name", name, "directions", directions.stream().map(Enum::name).toList())));
        return id;
    }

    @Override
    public void deleteStudy(long studyId) {
        storage.deleteStudy(studyId);
        publish(() -> new Event(EventType.STUDY_DELETED, studyId, Map.of()));
    }

    @Override
    public long createTrial(long studyId, TrialRecord template) {
        long trialId = storage.createTrial(studyId, template);
        publishAll(() -> {
            TrialRecord created = storage.trial(trialId);
            identities.put(trialId, new TrialIdentity(created.studyId(), created.number()));
            Event event = new Event(EventType.TRIAL_CREATED, studyId,
                    data("trial_id", trialId, "number", created.number(), "state", created.state().name()));
            // Optuna's add_trial stores a finished trial in one call: it is created and finished at once.
            return created.state().isFinished()
                    ? List.of(event, finished(trialId, studyId, created.number(), created.state(), created.values()))
                    : List.of(event);
        });
        return trialId;
    }

    @Override
    public boolean setTrialStateValues(long trialId, TrialState state, double[] values) {
        boolean updated = storage.setTrialStateValues(trialId, state, values);
        if (updated && state != null && state.isFinished()) {
            publish(() -> {
                if (values != null && values.length > 0) {
                    TrialIdentity t = identity(trialId);
                    return finished(trialId, t.studyId(), t.number(), state, Arrays.stream(values).boxed().toList());
                }
                // Empty values keep what was stored before, which only the storage knows.
                TrialRecord r = storage.trial(trialId);
                return finished(trialId, r.studyId(), r.number(), state, r.values());
            });
        }
        return updated;
    }

    @Override
    public void setTrialIntermediateValue(long trialId, long step, double value) {
        storage.setTrialIntermediateValue(trialId, step, value);
        publish(() -> {
            TrialIdentity t = identity(trialId);
            return new Event(EventType.TRIAL_REPORTED, t.studyId(),
                    data("trial_id", trialId, "number", t.number(), "step", step, "value", value));
        });
    }

    @Override
    public void setTrialTaskValues(long trialId, long step, List<Double> values) {
        storage.setTrialTaskValues(trialId, step, values);
        publish(() -> {
            TrialIdentity t = identity(trialId);
            return new Event(EventType.TRIAL_REPORTED, t.studyId(),
                    data("trial_id", trialId, "number", t.number(), "step", step, "task_values", List.copyOf(values)));
        });
    }

    private Event finished(long trialId, long studyId, long number, TrialState state, List<Double> values) {
        return new Event(EventType.TRIAL_FINISHED, studyId,
                data("trial_id", trialId, "number", number, "state", state.name(), "values", values));
    }

    private TrialIdentity identity(long trialId) {
        TrialIdentity known = identities.get(trialId);
        if (known != null) {
            return known;
        }
        TrialRecord r = storage.trial(trialId);
        TrialIdentity found = new TrialIdentity(r.studyId(), r.number());
        identities.put(trialId, found);
        return found;
    }

    /**
     * Builds and hands out an event once the write has succeeded. A failure here (the trial was deleted with its
     * study in between, a sink misbehaved) must not turn the successful write into an error for its caller.
     */
    private void publish(Supplier<Event> event) {
        publishAll(() -> List.of(event.get()));
    }

    private void publishAll(Supplier<List<Event>> events) {
        if (sinks.stream().noneMatch(EventSink::isListening)) {
            return;
        }
        List<Event> built;
        try {
            built = events.get();
        } catch (RuntimeException failure) {
            LOG.log(Level.FINE, "no event for a write whose subject is gone", failure);
            return;
        }
        for (Event e : built) {
            for (EventSink sink : sinks) {
                if (!sink.isListening()) {
                    continue;
                }
                try {
                    sink.publish(e);
                } catch (RuntimeException failure) {
                    LOG.log(Level.WARNING, "an event sink failed on " + e.type().wireName(), failure);
                }
            }
        }
    }

    private static Map<String, Object> data(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    // ---- everything else passes through -------------------------------------------------------------------

    @Override
    public void setStudyAttribute(long studyId, AttributeScope scope, String key, String jsonValue) {
        storage.setStudyAttribute(studyId, scope, key, jsonValue);
    }

    @Override
    public long studyIdByName(String name) {
        return storage.studyIdByName(name);
    }

    @Override
    public StudyRecord study(long studyId) {
        return storage.study(studyId);
    }

    @Override
    public List<StudyRecord> allStudies() {
        return storage.allStudies();
    }

    @Override
    public void setTrialParameter(long trialId, String name, double internalValue, String distributionJson) {
        storage.setTrialParameter(trialId, name, internalValue, distributionJson);
    }

    @Override
    public long trialIdByNumber(long studyId, long number) {
        return storage.trialIdByNumber(studyId, number);
    }

    @Override
    public void setTrialAttribute(long trialId, AttributeScope scope, String key, String jsonValue) {
        storage.setTrialAttribute(trialId, scope, key, jsonValue);
    }

    @Override
    public TrialRecord trial(long trialId) {
        return storage.trial(trialId);
    }

    @Override
    public List<TrialRecord> trials(long studyId, long idGreaterThan, Collection<Long> includedIds) {
        return storage.trials(studyId, idGreaterThan, includedIds);
    }

    @Override
    public void setStudyTasks(long studyId, List<StudyTask> tasks) {
        storage.setStudyTasks(studyId, tasks);
    }

    @Override
    public List<StudyTask> studyTasks(long studyId) {
        return storage.studyTasks(studyId);
    }

    @Override
    public NavigableMap<Long, List<Double>> trialTaskValues(long trialId) {
        return storage.trialTaskValues(trialId);
    }

    @Override
    public void cacheBaseline(String key, String json) {
        storage.cacheBaseline(key, json);
    }

    @Override
    public Optional<String> cachedBaseline(String key) {
        return storage.cachedBaseline(key);
    }

    @Override
    public List<StudySummary> studySummaries(Collection<String> systemAttributeKeys, String maxTrialAttribute) {
        return storage.studySummaries(systemAttributeKeys, maxTrialAttribute);
    }

    @Override
    public StudySummary studySummary(long studyId, Collection<String> systemAttributeKeys, String maxTrialAttribute) {
        return storage.studySummary(studyId, systemAttributeKeys, maxTrialAttribute);
    }

    @Override
    public TrialPage trialPage(long studyId, TrialPageRequest request) {
        return storage.trialPage(studyId, request);
    }

    @Override
    public StudyHistory history(long studyId) {
        return storage.history(studyId);
    }

    /** Closes the decorated storage: whoever owns this one owns that one too. */
    @Override
    public void close() {
        storage.close();
    }
}
