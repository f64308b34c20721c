package io.branchwise.search.host;

import io.branchwise.events.Event;
import io.branchwise.events.EventSink;
import io.branchwise.events.EventType;
import io.branchwise.search.SearchListener;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.space.grouping.Grouping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A hosted search's listener: turns its callbacks into {@code search-started} and {@code search-progress} events.
 * Every progress event carries the current phase, so a watcher that joins late still knows where the search is.
 * Runs on the search's thread, as {@link SearchListener} requires; sinks do not block.
 */
final class SearchEvents implements SearchListener {
    private final EventSink sink;
    private final BiConsumer<Long, String> onStarted;
    private volatile long studyId = -1;
    private volatile String phase = "starting";

    /** @param onStarted called with the study id and name before {@code search-started} is published */
    SearchEvents(EventSink sink, BiConsumer<Long, String> onStarted) {
        this.sink = sink;
        this.onStarted = onStarted;
    }

    long studyId() {
        return studyId;
    }

    @Override
    public void started(long id, String studyName) {
        studyId = id;
        onStarted.accept(id, studyName);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("study_name", studyName);
        sink.publish(new Event(EventType.SEARCH_STARTED, id, data));
    }

    @Override
    public void phase(Phase p) {
        phase = p.name().toLowerCase(Locale.ROOT);
        progress(new LinkedHashMap<>());
    }

    @Override
    public void jobStarted(JobKind kind, String label) {
        progress(job(kind, label, "STARTED", ""));
    }

    @Override
    public void jobFinished(JobKind kind, String label, String status, String detail) {
        progress(job(kind, label, status, detail));
    }

    @Override
    public void affinity(AffinityMatrix affinity, List<Grouping> candidates) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("tasks", affinity.tasks());
        a.put("candidate_groupings", candidates.stream().map(g -> (Object) g.groups()).toList());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("affinity", a);
        progress(data);
    }

    @Override
    public void trialFinished(TrialSummary trial, Progress progress) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("number", trial.number());
        t.put("state", trial.state());
        t.put("delta_m", trial.deltaM());
        t.put("layout", trial.layout());
        t.put("reason", trial.reason());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("trial", t);
        data.put("progress", progress(progress));
        progress(data);
    }

    static Map<String, Object> progress(Progress p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wanted", p.wanted());
        m.put("complete", p.complete());
        m.put("pruned", p.pruned());
        m.put("failed", p.failed());
        m.put("interrupted", p.interrupted());
        m.put("infeasible", p.infeasible());
        m.put("running", p.running());
        m.put("best_delta_m", p.bestDeltaM());
        m.put("eta_seconds", p.etaSeconds());
        return m;
    }

    private static Map<String, Object> job(JobKind kind, String label, String status, String detail) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("kind", kind.name().toLowerCase(Locale.ROOT));
        j.put("label", label);
        j.put("status", status);
        j.put("detail", detail);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job", j);
        return data;
    }

    private void progress(Map<String, Object> data) {
        if (studyId < 0) {
            return; // nothing to address before the study is open
        }
        Map<String, Object> withPhase = new LinkedHashMap<>();
        withPhase.put("phase", phase);
        withPhase.putAll(data);
        sink.publish(new Event(EventType.SEARCH_PROGRESS, studyId, withPhase));
    }
}
