package io.branchwise.search;

import io.branchwise.trial.TrialSpec;

import java.util.Collection;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.ToDoubleFunction;

/**
 * Jobs that may run in any order, handed to the pool costliest first. With a few trainers and jobs of very
 * different sizes (a task-specific reference trains as many networks as there are tasks), the order decides how
 * long the last one runs alone: started last, the longest job leaves every other trainer idle until it ends;
 * started first, the short ones fill in beside it (longest-processing-time-first scheduling). Jobs of equal cost
 * keep the order they were added in. Jobs may be added while the pool drains it: a job that becomes possible once
 * others have ended (a baseline's repeats, once its configurations are compared) joins the ones still waiting.
 */
final class JobQueue implements TrainerPool.JobSource {
    private record Waiting(TrainerPool.Job job, double cost, long order) {
    }

    private final ToDoubleFunction<TrialSpec> cost;
    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>(Comparator
            .comparingDouble((Waiting w) -> -w.cost()).thenComparingLong(Waiting::order));
    private long added;

    JobQueue(ToDoubleFunction<TrialSpec> cost) {
        this.cost = cost;
    }

    JobQueue(ToDoubleFunction<TrialSpec> cost, Collection<TrainerPool.Job> jobs) {
        this(cost);
        jobs.forEach(this::add);
    }

    void add(TrainerPool.Job job) {
        waiting.add(new Waiting(job, cost.applyAsDouble(job.job().spec()), added++));
    }

    @Override
    public TrainerPool.Job next() {
        Waiting next = waiting.poll();
        return next == null ? null : next.job();
    }
}
