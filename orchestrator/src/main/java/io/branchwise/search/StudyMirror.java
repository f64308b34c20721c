package io.branchwise.search;

import io.branchwise.json.PlainJson;
import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.DistributionJson;
import io.branchwise.space.pruner.Pruner;
import io.branchwise.space.sampler.Sampler;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.InMemoryStudy;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.StudyView;
import io.branchwise.space.study.Trial;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.AttributeScope;
import io.branchwise.storage.Storage;
import io.branchwise.storage.TrialRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The search's trials in two places kept in step: the storage (what everyone else reads, and what survives a
 * restart) and an {@link InMemoryStudy} (what the sampler and the pruner read, as they must not do I/O). It writes
 * the storage first, so the memory never knows a trial the storage does not.
 *
 * <p><b>Other clients.</b> As in Optuna, many workers may share one study: an Optuna client may add trials to a
 * study a search is running. Such foreign trials are read into the memory as they appear (each ask creates the
 * stored trial first, then catches up on every trial numbered below it), so the sampler learns from them; they are
 * not counted towards {@code search.trials}, not recommended (they have no layout), and never finished by the
 * search: one still running when the search resumes belongs to its client. The search marks its own trials
 * ({@link TrialAttributes#OWNER}).
 */
final class StudyMirror {
    static final String FAIL_REASON = TrialAttributes.FAIL_REASON;
    static final String INTERRUPTED = "branchwise:interrupted";

    private final Storage storage;
    private final long studyId;
    private final InMemoryStudy memory;
    /** Trials a stop or a dead search interrupted: finished as FAIL, but not counted towards the trials wanted. */
    private final Set<Integer> interrupted = new HashSet<>();
    /** Layouts refused untrained for their size: finished as PRUNED, not counted either (they cost no training). */
    private final Set<Integer> infeasible = new HashSet<>();
    /** Trials finished as copies of an earlier one with the same configuration. */
    private final Set<Integer> duplicates = new HashSet<>();
    /** Repairs the verdict trained after the search ({@link TrialAttributes#REPAIR_OF}): not search trials. */
    private final Set<Integer> repairs = new HashSet<>();
    /** Stored trial id by number, to copy a trial's stored record into its duplicate. */
    private final Map<Integer, Long> ids = new HashMap<>();
    /** Δm of the COMPLETE trials, by number: the value of a delta_m study, an attribute of a per-task one. */
    private final Map<Integer, Double> deltaM = new HashMap<>();
    /** Trials other clients added, by number; read again while they are unfinished. */
    private final Set<Integer> foreign = new HashSet<>();
    /** Stored trials created by {@link #ask}, waiting for {@link #register}. */
    private final Map<Integer, Long> created = new HashMap<>();

    /** A trial of this search while it runs. */
    record Active(Trial trial, long trialId) {
        int number() {
            return trial.number();
        }
    }

    private StudyMirror(Storage storage, long studyId, InMemoryStudy memory) {
        this.storage = storage;
        this.studyId = studyId;
        this.memory = memory;
    }

    /**
     * Loads the study's trials. A trial still RUNNING belonged to a search that died (killed, machine restarted):
     * it is finished as FAIL with the reason, and not counted.
     *
     * @param directions the study's: Δm maximised, or one per task
     */
    static StudyMirror load(Storage storage, long studyId, List<StudyDirection> directions, Sampler sampler,
                            Pruner pruner) {
        StudyMirror mirror = new StudyMirror(storage, studyId, new InMemoryStudy(directions, sampler, pruner));
        List<TrialRecord> records = new ArrayList<>(storage.trials(studyId, -1, List.of()));
        records.sort(Comparator.comparingLong(TrialRecord::number));
        for (TrialRecord r : records) {
            if (r.number() != mirror.memory.trials().size()) {
                throw new SearchException("study " + studyId + " has no trial number " + mirror.memory.trials().size()
                        + "; its stored trials are not numbered 0, 1, 2, …");
            }
            if (!own(r)) {
                mirror.foreign.add((int) r.number());
                mirror.ids.put((int) r.number(), r.id());
                mirror.memory.add(frozen(r, storage.trialTaskValues(r.id())));
                continue;
            }
            if (r.state() == TrialState.RUNNING) {
                storage.setTrialAttribute(r.id(), AttributeScope.SYSTEM, FAIL_REASON,
                        PlainJson.write("interrupted: the search stopped while this trial ran"));
                storage.setTrialAttribute(r.id(), AttributeScope.SYSTEM, INTERRUPTED, "true");
                storage.setTrialStateValues(r.id(), TrialState.FAIL, new double[0]);
                r = storage.trial(r.id());
            }
            if ("true".equals(r.systemAttributes().get(INTERRUPTED))) {
                mirror.interrupted.add((int) r.number());
            }
            if (r.systemAttributes().containsKey(TrialAttributes.INFEASIBLE)) {
                mirror.infeasible.add((int) r.number());
            }
            if (r.systemAttributes().containsKey(TrialAttributes.REPAIR_OF)) {
                mirror.repairs.add((int) r.number());
            }
            if (r.systemAttributes().containsKey(TrialAttributes.DUPLICATE_OF)) {
                mirror.duplicates.add((int) r.number());
            }
            mirror.ids.put((int) r.number(), r.id());
            if (r.state() == TrialState.COMPLETE) {
                String stored = r.systemAttributes().get(TrialAttributes.DELTA_M);
                // Studies from before the attribute existed were all delta_m studies: their value is Δm.
                mirror.deltaM.put((int) r.number(), stored != null ? Baseline.number(PlainJson.read(stored))
                        : r.values().isEmpty() ? Double.NaN : r.values().get(0));
            }
            mirror.memory.add(frozen(r, storage.trialTaskValues(r.id())));
        }
        return mirror;
    }

    private static FrozenTrial frozen(TrialRecord r, Map<Long, List<Double>> taskValues) {
        FrozenTrial.Builder b = FrozenTrial.builder((int) r.number()).state(r.state()).values(r.values());
        r.params().forEach((name, value) -> b.param(name, value, DistributionJson.parse(r.distributions().get(name))));
        r.intermediateValues().forEach(b::intermediate);
        taskValues.forEach(b::taskValues);
        r.userAttributes().forEach(b::userAttr);
        r.systemAttributes().forEach(b::systemAttr);
        String constraints = r.systemAttributes().get(TrialAttributes.CONSTRAINTS);
        if (constraints != null && PlainJson.read(constraints) instanceof List<?> values) {
            b.constraints(values.stream().map(Baseline::number).toList());
        }
        return b.build();
    }

    /** Created by a search (marked so, or written by one before the mark existed: it has a layout). */
    private static boolean own(TrialRecord r) {
        return r.systemAttributes().containsKey(TrialAttributes.OWNER) || r.systemAttributes().containsKey(TrialAttributes.LAYOUT);
    }

    StudyView view() {
        return memory;
    }

    /**
     * A new trial for the sampler to fill in; {@link #register} stores its parameters once they are drawn. Its stored
     * trial is created first: the storage hands out numbers, and other clients may have taken some meanwhile.
     */
    Trial ask() {
        long trialId = storage.createTrial(studyId, null);
        storage.setTrialAttribute(trialId, AttributeScope.SYSTEM, TrialAttributes.OWNER, "true");
        int number = (int) storage.trial(trialId).number();
        catchUp(number);
        Trial trial = memory.ask();
        if (trial.number() != number) {
            throw new IllegalStateException("the search's trial " + trial.number() + " is stored as " + number);
        }
        created.put(number, trialId);
        return trial;
    }

    /**
     * Reads the trials other clients added below {@code number} into the memory, and the unfinished ones read before
     * again (their client may have finished them since).
     */
    private void catchUp(int number) {
        boolean behind = memory.trials().size() < number;
        List<Long> unfinished = foreign.stream().filter(n -> !memory.trials().get(n).state().isFinished())
                .map(ids::get).toList();
        if (!behind && unfinished.isEmpty()) {
            return;
        }
        long lastId = ids.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        List<TrialRecord> records = new ArrayList<>(storage.trials(studyId, lastId, unfinished));
        records.sort(Comparator.comparingLong(TrialRecord::number));
        for (TrialRecord r : records) {
            int n = (int) r.number();
            if (foreign.contains(n)) {
                memory.refresh(frozen(r, storage.trialTaskValues(r.id())));
            } else if (n == memory.trials().size() && n < number) {
                foreign.add(n);
                ids.put(n, r.id());
                memory.add(frozen(r, storage.trialTaskValues(r.id())));
            }
        }
    }

    /** Writes the trial's drawn parameters and their Optuna distributions on its stored trial. */
    Active register(Trial trial) {
        Long trialId = created.remove(trial.number());
        if (trialId == null) {
            throw new IllegalStateException("trial " + trial.number() + " was not asked for");
        }
        FrozenTrial drawn = trial.snapshot();
        for (Map.Entry<String, Double> p : drawn.params().entrySet()) {
            Distribution d = drawn.distributions().get(p.getKey());
            storage.setTrialParameter(trialId, p.getKey(), p.getValue(), DistributionJson.write(d));
        }
        ids.put(trial.number(), trialId);
        return new Active(trial, trialId);
    }

    void attribute(Active a, String key, Object value) {
        storage.setTrialAttribute(a.trialId(), AttributeScope.SYSTEM, key, PlainJson.write(value));
    }

    /** Optuna's constraint values, stored where an Optuna client looks and given to the samplers. */
    void constraints(Active a, List<Double> values) {
        attribute(a, TrialAttributes.CONSTRAINTS, values);
        a.trial().setConstraints(values);
    }

    /** One epoch: the per-task vector and, when there is one, Optuna's scalar intermediate value. */
    void reportEpoch(Active a, long epoch, List<Double> vector, OptionalDouble aggregate) {
        storage.setTrialTaskValues(a.trialId(), epoch, vector);
        a.trial().reportTasks(vector, epoch);
        if (aggregate.isPresent()) {
            storage.setTrialIntermediateValue(a.trialId(), epoch, aggregate.getAsDouble());
            a.trial().report(aggregate.getAsDouble(), epoch);
        }
    }

    boolean shouldPrune(Active a) {
        return a.trial().shouldPrune();
    }

    /** @param values one per objective: Δm, or each task's metric */
    void complete(Active a, List<Double> values, double deltaM, Map<String, Object> attributes) {
        attributes.forEach((k, v) -> attribute(a, k, v));
        attribute(a, TrialAttributes.DELTA_M, deltaM);
        storage.setTrialStateValues(a.trialId(), TrialState.COMPLETE, values.stream().mapToDouble(Double::doubleValue).toArray());
        memory.tell(a.trial(), TrialState.COMPLETE, values);
        this.deltaM.put(a.number(), deltaM);
    }

    /**
     * PRUNED with the last intermediate value as its value when the study has one objective, as Optuna does; with
     * several, that one aggregate is no vector of objectives, and Optuna leaves the values empty too.
     */
    void prune(Active a, Map<String, Object> attributes) {
        attributes.forEach((k, v) -> attribute(a, k, v));
        var last = a.trial().snapshot().intermediateValues().lastEntry();
        List<Double> values = last == null || memory.isMultiObjective() ? List.of() : List.of(last.getValue());
        storage.setTrialStateValues(a.trialId(), TrialState.PRUNED, values.stream().mapToDouble(Double::doubleValue).toArray());
        memory.tell(a.trial(), TrialState.PRUNED, values);
    }

    void fail(Active a, String reason, boolean byStop, Map<String, Object> attributes) {
        Map<String, Object> all = new LinkedHashMap<>(attributes);
        all.put(FAIL_REASON, reason);
        if (byStop) {
            all.put(INTERRUPTED, true);
            interrupted.add(a.number());
        }
        all.forEach((k, v) -> attribute(a, k, v));
        storage.setTrialStateValues(a.trialId(), TrialState.FAIL, new double[0]);
        memory.tell(a.trial(), TrialState.FAIL, List.of());
    }

    /**
     * A layout over the parameter budget, finished untrained. PRUNED rather than FAIL because TPE learns from PRUNED
     * trials (it ranks an infeasible one below every feasible one) and ignores failed ones; with no values, nothing
     * reads it as a result.
     */
    void infeasible(Active a, String reason) {
        attribute(a, TrialAttributes.INFEASIBLE, reason);
        storage.setTrialStateValues(a.trialId(), TrialState.PRUNED, new double[0]);
        memory.tell(a.trial(), TrialState.PRUNED, List.of());
        infeasible.add(a.number());
    }

    /**
     * Finishes {@code a} without training, as a copy of the finished trial {@code original}: its state, values,
     * curves and result attributes, so the sampler learns that outcome again (as Optuna users do by hand for a
     * repeated configuration), marked {@link TrialAttributes#DUPLICATE_OF}.
     */
    void duplicate(Active a, int original) {
        FrozenTrial o = memory.trials().get(original);
        TrialRecord stored = storage.trial(ids.get(original));
        stored.systemAttributes().forEach((key, json) -> {
            if (!key.equals(INTERRUPTED)) {
                storage.setTrialAttribute(a.trialId(), AttributeScope.SYSTEM, key, json);
            }
        });
        attribute(a, TrialAttributes.DUPLICATE_OF, original);
        o.taskValues().forEach((step, vector) -> {
            storage.setTrialTaskValues(a.trialId(), step, vector);
            a.trial().reportTasks(vector, step);
        });
        o.intermediateValues().forEach((step, value) -> {
            storage.setTrialIntermediateValue(a.trialId(), step, value);
            a.trial().report(value, step);
        });
        storage.setTrialStateValues(a.trialId(), o.state(), o.values().stream().mapToDouble(Double::doubleValue).toArray());
        memory.tell(a.trial(), o.state(), o.values());
        duplicates.add(a.number());
        if (deltaM.containsKey(original)) {
            deltaM.put(a.number(), deltaM.get(original));
        }
    }

    /** Finished trials that count towards the trials wanted: every finished one a stop did not interrupt, and trained. */
    int counted() {
        int n = 0;
        for (FrozenTrial t : memory.trials()) {
            if (t.state().isFinished() && !interrupted.contains(t.number()) && !infeasible.contains(t.number())
                    && !duplicates.contains(t.number()) && !foreign.contains(t.number()) && !repairs.contains(t.number())) {
                n++;
            }
        }
        return n;
    }

    Counts counts() {
        int complete = 0;
        int pruned = 0;
        int failed = 0;
        double best = Double.NaN;
        for (FrozenTrial t : memory.trials()) {
            if (interrupted.contains(t.number()) || infeasible.contains(t.number()) || duplicates.contains(t.number())
                    || foreign.contains(t.number()) || repairs.contains(t.number())) {
                continue;
            }
            switch (t.state()) {
                case COMPLETE -> {
                    complete++;
                    double d = deltaM.getOrDefault(t.number(), Double.NaN);
                    best = Double.isNaN(best) ? d : Double.isNaN(d) ? best : Math.max(best, d);
                }
                case PRUNED -> pruned++;
                case FAIL -> failed++;
                default -> {
                }
            }
        }
        return new Counts(complete, pruned, failed, interrupted.size(), infeasible.size(), best);
    }

    record Counts(int complete, int pruned, int failed, int interrupted, int infeasible, double bestDeltaM) {
    }
}
