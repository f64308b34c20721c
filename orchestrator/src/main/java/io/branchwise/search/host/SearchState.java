package io.branchwise.search.host;

import io.branchwise.json.PlainJson;
import io.branchwise.search.SearchStudy;
import io.branchwise.storage.query.StudySummary;

import java.util.Map;
import java.util.Set;

/**
 * Where a study's search stands, as every face of the server reports it: running while this server runs it, else
 * the state the search stored. A state stored as running that this server does not run belongs to a process that
 * ended without saying so (killed, machine restarted; the H2 file admits one process at a time), so it is
 * reported as stopped, which {@code resume} continues.
 *
 * @param state  running, complete, stopped or failed
 * @param reason why it stopped or failed, as stored; empty otherwise
 */
public record SearchState(String state, String reason) {
    private static final Set<String> STATES = Set.of("running", "complete", "stopped", "failed");

    /** The search's state; null for a study no search wrote (a plain Optuna study) or an unreadable status. */
    public static SearchState of(StudySummary s, SearchHost host) {
        if (host != null && host.isRunning(s.id())) {
            return new SearchState("running", "");
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
        if (!(stored instanceof Map<?, ?> m) || !(m.get("state") instanceof String state) || !STATES.contains(state)) {
            return null;
        }
        String reason = m.get("reason") instanceof String r ? r : "";
        return state.equals("running")
                ? new SearchState("stopped", "the process that ran it ended without stopping it")
                : new SearchState(state, reason);
    }
}
