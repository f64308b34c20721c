package io.branchwise.search;

import io.branchwise.json.PlainJson;
import io.branchwise.search.spec.BoundTask;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.storage.AttributeScope;
import io.branchwise.storage.PythonDatetime;
import io.branchwise.storage.Storage;
import io.branchwise.storage.StorageException;
import io.branchwise.storage.StudyRecord;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The stored study of a search: an ordinary Optuna study (one objective, Δm, maximised; or, for a per-task search,
 * one objective per task in task order, each in its metric's direction) whose study-level results sit in system
 * attributes under {@code branchwise:…}, where a Python Optuna client sees them as {@code study.system_attrs}. The
 * keys are public for the faces that read a search back (the REST API).
 */
public final class SearchStudy {
    public static final String SPEC = "branchwise:spec";
    public static final String STATUS = "branchwise:status";
    public static final String OBJECTIVE = "branchwise:objective";
    public static final String BASELINES = "branchwise:baselines";
    public static final String AFFINITY = "branchwise:affinity";
    public static final String CANDIDATES = "branchwise:candidate_groupings";
    public static final String REFERENCE_RUN = "branchwise:reference_run:";
    public static final String REFERENCES = "branchwise:references";
    /** The verdict on repeats ({@code search.seeds} > 1): finalists with Δm intervals and the chosen one. */
    public static final String VERDICT = "branchwise:verdict";
    /** {@link PrunerAudit.Result#toMap()}, when the spec asked for the audit. */
    public static final String PRUNER_AUDIT = "branchwise:pruner_audit";
    public static final String RECOMMENDATION = "branchwise:recommendation";
    /** A per-task search's non-dominated complete trials. */
    public static final String PARETO_SET = "branchwise:pareto_set";

    /** Fields a resumed search may change: how many trials, and how many at once. */
    private static final List<String> RESUMABLE_CHANGES = List.of("trials", "parallel");

    private final Storage storage;
    private final long id;
    private final String name;

    private SearchStudy(Storage storage, long id, String name) {
        this.storage = storage;
        this.id = id;
        this.name = name;
    }

    /**
     * Creates the study, or with {@code resume} reopens the one of the same name after checking it was started
     * from the same spec (only {@code search.trials} and {@code search.parallel} may differ).
     */
    static SearchStudy open(Storage storage, SearchSpec spec, List<BoundTask> tasks, boolean resume) {
        Optional<Long> existing = find(storage, spec.name());
        if (existing.isPresent() && !resume) {
            throw new SearchException("a study named \"" + spec.name() + "\" already exists in this database; resume it"
                    + " to continue (branchwise run --resume, or POST /api/searches?resume=true), or give the spec"
                    + " another name");
        }
        SearchStudy study;
        if (existing.isPresent()) {
            study = new SearchStudy(storage, existing.get(), spec.name());
            study.requireSameSpec(spec, directions(spec, tasks));
        } else {
            long id = storage.createStudy(spec.name(), directions(spec, tasks));
            study = new SearchStudy(storage, id, spec.name());
            study.set(OBJECTIVE, spec.search().perTaskObjectives()
                    ? "per_task: one objective per task, in the order of the study's tasks, each its validation metric"
                    + " in the metric's own direction (a Pareto search); delta_m is stored on every complete trial as"
                    + " " + TrialAttributes.DELTA_M
                    : "delta_m: the weighted mean over tasks of the relative change of each task's validation metric"
                    + " against its single-task baseline, in percent; positive = better");
        }
        study.set(SPEC, spec.raw());
        storage.setStudyTasks(study.id, tasks.stream().map(BoundTask::toStudyTask).toList());
        return study;
    }

    /** Δm maximised, or each task's metric in its own direction, in task order. */
    static List<StudyDirection> directions(SearchSpec spec, List<BoundTask> tasks) {
        return spec.search().perTaskObjectives() ? tasks.stream().map(BoundTask::direction).toList()
                : List.of(StudyDirection.MAXIMIZE);
    }

    private static Optional<Long> find(Storage storage, String name) {
        try {
            return Optional.of(storage.studyIdByName(name));
        } catch (StorageException.NotFound e) {
            return Optional.empty();
        }
    }

    private void requireSameSpec(SearchSpec spec, List<StudyDirection> directions) {
        StudyRecord record = storage.study(id);
        String stored = record.systemAttributes().get(SPEC);
        if (stored == null) {
            throw new SearchException("study \"" + name + "\" was not started by a Branchwise search; give the spec"
                    + " another name");
        }
        Map<String, Object> before = comparable(PlainJson.read(stored));
        // Through JSON and back, so both sides have the same number types.
        Map<String, Object> now = comparable(PlainJson.read(PlainJson.write(spec.raw())));
        if (!before.equals(now)) {
            TreeSet<String> changed = new TreeSet<>(before.keySet());
            changed.addAll(now.keySet());
            changed.removeIf(k -> java.util.Objects.equals(before.get(k), now.get(k)));
            throw new SearchException("study \"" + name + "\" was started from a different spec (changed: " + changed
                    + "); only search.trials and search.parallel may change on --resume. Give the spec another name"
                    + " to start a new study");
        }
        // The same spec makes the same directions; other ones mean someone else wrote this study.
        if (!record.directions().equals(directions)) {
            throw new SearchException("study \"" + name + "\" is not a Branchwise search of this spec (its directions are "
                    + record.directions() + ", the spec's " + directions + "); give the spec another name");
        }
    }

    /** The spec as stored JSON reads it back, without the fields a resume may change. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> comparable(Object spec) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) BaselineCache.canonical(spec));
        if (copy.get("search") instanceof Map<?, ?> search) {
            Map<String, Object> s = new LinkedHashMap<>((Map<String, Object>) search);
            RESUMABLE_CHANGES.forEach(s::remove);
            copy.put("search", s);
        }
        copy.remove("name");
        return copy;
    }

    long id() {
        return id;
    }

    String name() {
        return name;
    }

    Storage storage() {
        return storage;
    }

    void set(String key, Object value) {
        storage.setStudyAttribute(id, AttributeScope.SYSTEM, key, PlainJson.write(value));
    }

    Optional<Object> get(String key) {
        String json = storage.study(id).systemAttributes().get(key);
        return json == null ? Optional.empty() : Optional.ofNullable(PlainJson.read(json));
    }

    /** running, stopped, complete or failed, with why, so a restarted server can show where the search stands. */
    void status(String state, String reason) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("state", state);
        s.put("reason", reason);
        s.put("updated", PythonDatetime.now());
        set(STATUS, s);
    }
}
