package io.branchwise.grpc;

import io.branchwise.json.AffinityJson;
import io.branchwise.json.PlainJson;
import io.branchwise.proto.search.AffinityRow;
import io.branchwise.proto.search.GetAffinityReply;
import io.branchwise.proto.search.GetRecommendationReply;
import io.branchwise.proto.search.Grouping;
import io.branchwise.proto.search.Interval;
import io.branchwise.proto.search.RepeatedTaskDelta;
import io.branchwise.proto.search.TaskComparison;
import io.branchwise.proto.search.TaskGroup;
import io.branchwise.proto.search.TrialState;
import io.branchwise.proto.search.TrialSummary;
import io.branchwise.search.SearchStudy;
import io.branchwise.search.TrialAttributes;
import io.branchwise.search.host.SearchHost;
import io.branchwise.search.host.SearchState;
import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.DistributionJson;
import io.branchwise.space.distribution.IntDistribution;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.storage.query.StudySummary;
import io.branchwise.storage.query.TrialRow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Studies, trials and a search's stored results as {@code branchwise.SearchService} messages. The results are
 * the JSON a search stored in the study's system attributes, the same ones the REST API shows.
 */
final class SearchMessages {
    /** A summary needs only the search's small status attribute, not its spec or baselines. */
    static final Set<String> SUMMARY_ATTRIBUTES = Set.of(SearchStudy.STATUS);
    static final Set<String> ROW_ATTRIBUTES = Set.of(TrialAttributes.LAYOUT, TrialAttributes.WEIGHTING,
            TrialAttributes.DELTA_PER_TASK, TrialAttributes.FAIL_REASON, TrialAttributes.PRUNED_BECAUSE);

    private SearchMessages() {
    }

    /** A stored result that is not what a search writes (someone else wrote the key through Optuna). */
    static final class UnreadableResult extends RuntimeException {
        UnreadableResult(String message) {
            super(message);
        }
    }

    static io.branchwise.proto.search.StudySummary summary(StudySummary s, SearchHost host) {
        var b = io.branchwise.proto.search.StudySummary.newBuilder()
                .setStudyId(s.id())
                .setStudyName(s.name())
                .addAllTasks(s.tasks())
                .setRunning(host != null && host.isRunning(s.id()))
                .setTrialsRunning(s.trialCounts().get(io.branchwise.space.study.TrialState.RUNNING))
                .setTrialsComplete(s.trialCounts().get(io.branchwise.space.study.TrialState.COMPLETE))
                .setTrialsPruned(s.trialCounts().get(io.branchwise.space.study.TrialState.PRUNED))
                .setTrialsFailed(s.trialCounts().get(io.branchwise.space.study.TrialState.FAIL))
                .setTrialsWaiting(s.trialCounts().get(io.branchwise.space.study.TrialState.WAITING))
                .setLastActivity(s.lastActivity() == null ? "" : s.lastActivity());
        SearchState state = SearchState.of(s, host);
        if (state != null) {
            b.setSearchState(state.state()).setSearchReason(state.reason());
        }
        if (s.bestValue() != null) {
            b.setBestValue(s.bestValue());
        }
        if (s.trialAttributeMax() != null) {
            b.setBestDeltaM(s.trialAttributeMax());
        }
        return b.build();
    }

    static TrialState state(io.branchwise.space.study.TrialState s) {
        return switch (s) {
            case RUNNING -> TrialState.TRIAL_STATE_RUNNING;
            case COMPLETE -> TrialState.TRIAL_STATE_COMPLETE;
            case PRUNED -> TrialState.TRIAL_STATE_PRUNED;
            case FAIL -> TrialState.TRIAL_STATE_FAIL;
            case WAITING -> TrialState.TRIAL_STATE_WAITING;
        };
    }

    /** The storage's state for a requested one; null for UNSPECIFIED or a number this server does not know. */
    static io.branchwise.space.study.TrialState state(TrialState s) {
        return switch (s) {
            case TRIAL_STATE_RUNNING -> io.branchwise.space.study.TrialState.RUNNING;
            case TRIAL_STATE_COMPLETE -> io.branchwise.space.study.TrialState.COMPLETE;
            case TRIAL_STATE_PRUNED -> io.branchwise.space.study.TrialState.PRUNED;
            case TRIAL_STATE_FAIL -> io.branchwise.space.study.TrialState.FAIL;
            case TRIAL_STATE_WAITING -> io.branchwise.space.study.TrialState.WAITING;
            case TRIAL_STATE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    /** @param distributions parsed distributions shared over a page: a page of a thousand trials holds a handful */
    static TrialSummary trial(TrialRow r, Map<String, Distribution> distributions) {
        Map<String, String> attrs = r.systemAttributes();
        TrialSummary.Builder b = TrialSummary.newBuilder()
                .setTrialId(r.id())
                .setNumber(r.number())
                .setState(state(r.state()))
                .addAllValues(r.values())
                .setDatetimeStart(r.datetimeStart() == null ? "" : r.datetimeStart())
                .setDatetimeComplete(r.datetimeComplete() == null ? "" : r.datetimeComplete())
                .setWeightingJson(attrs.getOrDefault(TrialAttributes.WEIGHTING, ""));
        if (parsed(attrs.get(TrialAttributes.LAYOUT)) instanceof String layout) {
            b.setLayout(layout);
        }
        if (parsed(attrs.get(TrialAttributes.DELTA_PER_TASK)) instanceof Map<?, ?> deltas) {
            deltas.forEach((task, delta) -> {
                if (delta instanceof Number n) {
                    b.putDeltaPerTask(String.valueOf(task), n.doubleValue());
                }
            });
        }
        Object reason = parsed(attrs.getOrDefault(TrialAttributes.FAIL_REASON, attrs.get(TrialAttributes.PRUNED_BECAUSE)));
        if (reason instanceof String text) {
            b.setReason(text);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        r.params().forEach((name, internal) -> params.put(name,
                external(internal, r.distributions().get(name), distributions)));
        return b.setParamsJson(PlainJson.write(params)).build();
    }

    /** The parameter as Optuna's {@code trial.params} shows it: the choice rather than its index, the int. */
    private static Object external(double internal, String distributionJson, Map<String, Distribution> cache) {
        Distribution d = distributionJson == null ? null : cache.computeIfAbsent(distributionJson, text -> {
            try {
                return DistributionJson.parse(text);
            } catch (IllegalArgumentException e) {
                return null; // accepted by the storage, unreadable here: show the internal number
            }
        });
        if (d instanceof CategoricalDistribution c && c.contains(internal)) {
            return c.toExternal(internal);
        }
        if (d instanceof IntDistribution i) {
            return i.toExternal(internal);
        }
        return internal;
    }

    /** Null when the search has not measured affinity (yet). */
    static GetAffinityReply affinity(long studyId, Map<String, String> attrs) {
        Object stored = stored(studyId, attrs, SearchStudy.AFFINITY);
        if (stored == null) {
            return null;
        }
        try {
            Map<?, ?> a = (Map<?, ?>) stored;
            AffinityMatrix z = AffinityJson.read(a);
            GetAffinityReply.Builder b = GetAffinityReply.newBuilder().addAllTasks(z.tasks());
            for (int i = 0; i < z.size(); i++) {
                AffinityRow.Builder r = AffinityRow.newBuilder();
                for (int j = 0; j < z.size(); j++) {
                    r.addValues(z.get(i, j));
                }
                b.addRows(r);
            }
            if (a.get("seconds") instanceof Number seconds) {
                b.setSeconds(seconds.doubleValue());
            }
            if (a.get("layout") instanceof String layout) {
                b.setLayout(layout);
            }
            if (parsed(attrs.get(SearchStudy.CANDIDATES)) instanceof List<?> candidates) {
                for (Object c : candidates) {
                    Map<?, ?> m = (Map<?, ?>) c;
                    Grouping.Builder g = Grouping.newBuilder().setScore(((Number) m.get("score")).doubleValue());
                    for (Object group : (List<?>) m.get("groups")) {
                        TaskGroup.Builder tg = TaskGroup.newBuilder();
                        ((List<?>) group).forEach(t -> tg.addTasks((String) t));
                        g.addGroups(tg);
                    }
                    b.addCandidates(g);
                }
            }
            return b.build();
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new UnreadableResult("study " + studyId + "'s " + SearchStudy.AFFINITY + " attribute is not what a"
                    + " search stores (tasks, matrix): " + e.getMessage());
        }
    }

    /** Null when the search has not recommended anything (yet). */
    static GetRecommendationReply recommendation(long studyId, Map<String, String> attrs) {
        Object stored = stored(studyId, attrs, SearchStudy.RECOMMENDATION);
        if (stored == null) {
            return null;
        }
        try {
            Map<?, ?> r = (Map<?, ?>) stored;
            GetRecommendationReply.Builder b = GetRecommendationReply.newBuilder()
                    .setTrialNumber(((Number) r.get("trial_number")).longValue())
                    .setLayout((String) r.get("layout"))
                    .setLayoutTree(text(r.get("layout_tree")))
                    .setWeighting(text(r.get("weighting")))
                    .setLearningRate(number(r.get("learning_rate")))
                    .setDeltaM(number(r.get("delta_m")))
                    .setWithinTolerance(Boolean.TRUE.equals(r.get("within_tolerance")))
                    .setNote(text(r.get("note")))
                    .setModel(text(r.get("model")))
                    .setParamsJson(PlainJson.write(r.get("params") == null ? Map.of() : r.get("params")));
            Map<?, ?> repeats = r.get("repeats") instanceof Map<?, ?> m ? m : null;
            Map<Object, Map<?, ?>> repeatedTasks = new java.util.HashMap<>();
            if (repeats != null) {
                b.setSeeds(((Number) repeats.get("seeds")).intValue())
                        .setRepeatedDeltaM(number(repeats.get("delta_m")))
                        .setDeltaMInterval(interval(repeats.get("delta_m_interval")));
                if (repeats.get("test_delta_m") instanceof Number test) {
                    b.setTestDeltaM(test.doubleValue()).setTestDeltaMInterval(interval(repeats.get("test_delta_m_interval")));
                }
                for (Object o : (List<?>) repeats.get("tasks")) {
                    repeatedTasks.put(((Map<?, ?>) o).get("task"), (Map<?, ?>) o);
                }
            }
            for (Object row : (List<?>) r.get("tasks")) {
                Map<?, ?> t = (Map<?, ?>) row;
                TaskComparison.Builder task = TaskComparison.newBuilder();
                Map<?, ?> repeated = repeatedTasks.get(t.get("task"));
                if (repeated != null) {
                    RepeatedTaskDelta.Builder d = RepeatedTaskDelta.newBuilder()
                            .setDeltaPercent(number(repeated.get("delta")))
                            .setInterval(interval(repeated.get("interval")))
                            .setNoiseFloor(number(repeated.get("noise_floor")))
                            .setSignificantLoss(Boolean.TRUE.equals(repeated.get("significant_loss")));
                    if (repeated.get("test_delta") instanceof Number test) {
                        d.setTestDeltaPercent(test.doubleValue()).setTestInterval(interval(repeated.get("test_interval")));
                    }
                    task.setRepeated(d);
                }
                b.addTasks(task
                        .setTask((String) t.get("task"))
                        .setMetric(text(t.get("metric")))
                        .setHigherIsBetter(Boolean.TRUE.equals(t.get("higher_is_better")))
                        .setStl(number(t.get("stl")))
                        .setValue(number(t.get("value")))
                        .setDeltaPercent(number(t.get("delta_percent")))
                        .setNegativeTransfer(Boolean.TRUE.equals(t.get("negative_transfer")))
                        .setStlTest(number(t.get("stl_test")))
                        .setTest(number(t.get("test"))));
            }
            return b.build();
        } catch (ClassCastException | NullPointerException e) {
            throw new UnreadableResult("study " + studyId + "'s " + SearchStudy.RECOMMENDATION + " attribute is not"
                    + " what a search stores: " + e.getMessage());
        }
    }

    private static Interval interval(Object stored) {
        List<?> bounds = (List<?>) stored;
        return Interval.newBuilder().setLow(number(bounds.get(0))).setHigh(number(bounds.get(1))).build();
    }

    private static Object stored(long studyId, Map<String, String> attrs, String key) {
        String json = attrs.get(key);
        if (json == null) {
            return null;
        }
        try {
            return PlainJson.read(json);
        } catch (IllegalArgumentException e) {
            throw new UnreadableResult("study " + studyId + "'s " + key + " attribute is not JSON: " + e.getMessage());
        }
    }

    private static Object parsed(String json) {
        if (json == null) {
            return null;
        }
        try {
            return PlainJson.read(json);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    /** NaN for a number the search did not know (stored as null). */
    private static double number(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }
}
