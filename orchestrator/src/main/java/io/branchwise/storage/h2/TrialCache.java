package io.branchwise.storage.h2;

import io.branchwise.space.study.TrialState;
import io.branchwise.storage.AttributeScope;
import io.branchwise.storage.TrialRecord;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The most recently used trials, kept equal to the tables: a trial enters when it is created or read, and every
 * committed {@link Change} to it is applied here too. An Optuna client reads its running trial back after almost
 * every write (GetTrial, GetTrials of unfinished ids), and those reads, and the state checks before each write, are
 * then answered without SQL. Bounded; least recently used trials leave first and are read again from the tables
 * when needed. Not thread-safe; the storage lock guards it.
 */
final class TrialCache {
    private final Map<Long, TrialRecord> byId;

    TrialCache(int capacity) {
        this.byId = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, TrialRecord> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached trial, or null. */
    TrialRecord get(long trialId) {
        return byId.get(trialId);
    }

    void put(TrialRecord trial) {
        byId.put(trial.id(), trial);
    }

    /** Follows a change that has just been committed. */
    void apply(Change change) {
        if (change instanceof Change.TrialCreated c) {
            put(frozen(c.trial()));
        } else if (change instanceof Change.StudyDeleted c) {
            byId.values().removeIf(t -> t.studyId() == c.studyId());
        } else if (change instanceof Change.TrialParameterSet c) {
            update(c.trialId(), t -> {
                Map<String, Double> params = new LinkedHashMap<>(t.params());
                Map<String, String> distributions = new LinkedHashMap<>(t.distributions());
                params.put(c.name(), c.internalValue());
                distributions.put(c.name(), c.distributionJson());
                return copy(t, t.state(), t.values(), t.datetimeStart(), t.datetimeComplete(), params, distributions,
                        t.userAttributes(), t.systemAttributes(), t.intermediateValues());
            });
        } else if (change instanceof Change.TrialStateSet c) {
            update(c.trialId(), t -> {
                List<Double> values = t.values();
                if (c.values().length > 0) {
                    values = new ArrayList<>(c.values().length);
                    for (double v : c.values()) {
                        values.add(v);
                    }
                }
                String start = c.state() == TrialState.RUNNING ? c.now() : t.datetimeStart();
                String complete = c.state().isFinished() ? c.now() : t.datetimeComplete();
                return copy(t, c.state(), values, start, complete, t.params(), t.distributions(),
                        t.userAttributes(), t.systemAttributes(), t.intermediateValues());
            });
        } else if (change instanceof Change.IntermediateValueSet c) {
            update(c.trialId(), t -> {
                TreeMap<Long, Double> intermediate = new TreeMap<>(t.intermediateValues());
                intermediate.put(c.step(), c.value());
                return copy(t, t.state(), t.values(), t.datetimeStart(), t.datetimeComplete(), t.params(),
                        t.distributions(), t.userAttributes(), t.systemAttributes(), intermediate);
            });
        } else if (change instanceof Change.TrialAttributeSet c) {
            update(c.trialId(), t -> {
                boolean system = c.scope() == AttributeScope.SYSTEM;
                Map<String, String> attrs = new LinkedHashMap<>(system ? t.systemAttributes() : t.userAttributes());
                attrs.put(c.key(), c.json());
                return copy(t, t.state(), t.values(), t.datetimeStart(), t.datetimeComplete(), t.params(),
                        t.distributions(), system ? t.userAttributes() : attrs, system ? attrs : t.systemAttributes(),
                        t.intermediateValues());
            });
        }
        // Study creation and study attributes do not touch trials.
    }

    /** Forgets everything, e.g. after a failed commit whose effect on the tables is unknown. */
    void clear() {
        byId.clear();
    }

    private interface Update {
        TrialRecord apply(TrialRecord trial);
    }

    private void update(long trialId, Update update) {
        TrialRecord cached = byId.get(trialId);
        if (cached != null) {
            byId.put(trialId, update.apply(cached));
        }
    }

    private static TrialRecord frozen(TrialRecord t) {
        return copy(t, t.state(), t.values(), t.datetimeStart(), t.datetimeComplete(), t.params(), t.distributions(),
                t.userAttributes(), t.systemAttributes(), t.intermediateValues());
    }

    /** Records handed out must not change under their reader, so every map is an unmodifiable copy. */
    private static TrialRecord copy(TrialRecord t, TrialState state, List<Double> values, String start,
                                    String complete, Map<String, Double> params, Map<String, String> distributions,
                                    Map<String, String> user, Map<String, String> system,
                                    SortedMap<Long, Double> intermediate) {
        return new TrialRecord(t.id(), t.studyId(), t.number(), state, List.copyOf(values), start, complete,
                Collections.unmodifiableMap(new LinkedHashMap<>(params)),
                Collections.unmodifiableMap(new LinkedHashMap<>(distributions)),
                Collections.unmodifiableMap(new LinkedHashMap<>(user)),
                Collections.unmodifiableMap(new LinkedHashMap<>(system)),
                Collections.unmodifiableSortedMap(new TreeMap<>(intermediate)));
    }
}
