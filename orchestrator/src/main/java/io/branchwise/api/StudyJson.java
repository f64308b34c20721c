package io.branchwise.api;

import io.branchwise.launcher.PlainJson;
import io.branchwise.search.SearchStudy;
import io.branchwise.search.TrialAttributes;
import io.branchwise.search.host.SearchHost;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.StudyRecord;
import io.branchwise.storage.StudyTask;
import io.branchwise.storage.query.StudySummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Studies as the API shows them. */
final class StudyJson {
    /** The one system attribute a summary needs: the search's status is small, unlike its spec or baselines. */
    static final Set<String> SUMMARY_ATTRIBUTES = Set.of(SearchStudy.STATUS);
    /** Where a search keeps each complete trial's Δm, whatever its objectives. */
    static final String DELTA_M = TrialAttributes.DELTA_M;
    private static final Set<String> SEARCH_STATES = Set.of("running", "complete", "stopped", "failed");

    private StudyJson() {
    }

    /** A Branchwise search stores its tasks and its status; a plain Optuna study has neither. */
    static boolean isSearch(StudySummary s) {
        return !s.tasks().isEmpty() || s.systemAttributes().containsKey(SearchStudy.STATUS);
    }

    static JsonObject summary(StudySummary s, SearchHost host) {
        boolean search = isSearch(s);
        JsonObject states = new JsonObject();
        for (TrialState state : TrialState.values()) {
            states.put(state.name(), s.trialCounts().get(state));
        }
        return new JsonObject()
                .put("id", s.id())
                .put("name", s.name())
                .put("directions", new JsonArray(s.directions().stream().map(Enum::name).toList()))
                .put("kind", search ? "search" : "optuna")
                .put("tasks", new JsonArray(s.tasks()))
                .put("n_trials", s.trialCount())
                .put("states", states)
                .put("best_value", ApiJson.number(s.bestValue()))
                .put("best_delta_m", search ? ApiJson.number(bestDeltaM(s)) : null)
                .put("last_activity", ApiJson.datetime(s.lastActivity()))
                .put("search_status", searchStatus(s, host));
    }

    /**
     * The best Δm of a search's complete trials: stored beside each trial's values (a per-task search's values are
     * the tasks' metrics); a study written before that attribute existed has Δm as its one objective.
     */
    private static Double bestDeltaM(StudySummary s) {
        if (s.trialAttributeMax() != null) {
            return s.trialAttributeMax();
        }
        return s.directions().size() == 1 ? s.bestValue() : null;
    }

    /** The summary with every attribute and the tasks in full. */
    static JsonObject detail(StudySummary s, StudyRecord record, List<StudyTask> tasks, SearchHost host) {
        JsonArray taskList = new JsonArray();
        tasks.forEach(t -> taskList.add(new JsonObject().put("name", t.name()).put("type", t.type())
                .put("metric", t.metric()).put("direction", t.direction().name())));
        return summary(s, host)
                .put("tasks", taskList)
                .put("user_attrs", ApiJson.parsedAttributes(record.userAttributes()))
                .put("system_attrs", ApiJson.parsedAttributes(record.systemAttributes()));
    }

    /**
     * Where the search stands: running while this server runs it. A status stored as running that this server
     * does not run belongs to a process that ended without saying so (killed, machine restarted; the H2 file
     * admits one process at a time), so it is reported as stopped, which {@code resume} continues.
     */
    static String searchStatus(StudySummary s, SearchHost host) {
        if (host != null && host.isRunning(s.id())) {
            return "running";
        }
        String json = s.systemAttributes().get(SearchStudy.STATUS);
        if (json == null) {
            return null;
        }
        Object stored;
        try {
            stored = PlainJson.read(json);
        } catch (RuntimeException e) {
            return null;
        }
        Object state = stored instanceof Map<?, ?> m ? m.get("state") : null;
        if (!(state instanceof String text) || !SEARCH_STATES.contains(text)) {
            return null;
        }
        return text.equals("running") ? "stopped" : text;
    }
}
