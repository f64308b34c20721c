package io.branchwise.launcher;

import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.Trainer;
import io.branchwise.plugin.trainer.TrainingRequest;
import io.branchwise.plugin.trainer.TrialContext;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.space.grouping.AffinityMatrix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test trainer "scripted": predicts the mean of each target, one report per epoch, and misbehaves on request
 * ({@code training.extra.behaviour}): {@code throw}, {@code exit} (status 7), {@code sigkill}, {@code hang},
 * {@code oom}, {@code until-stopped} (epochs until told to stop), {@code ignore-stop} (never returns), {@code exit-after-result} (its
 * process dies soon after the result, between two jobs), {@code late-report} (the next job in the same process
 * reports an epoch 99 and a log line through this job's context), or prints to
 * {@code System.out} and writes raw bytes to the protocol stream ({@code noisy}).
 *
 * <p>{@code layout} plays a multi-task model whose errors depend on the layout ({@link PlantedGroups}, groups from
 * {@code training.extra.planted}), reports a planted affinity matrix when {@code training.affinity_every} is set,
 * and, for search tests, crashes ({@code crash_in}) or waits to be stopped after its first epoch ({@code wait_in})
 * when its work folder has one of the listed names (the search names them {@code trial-<number>}). Its models
 * halve the mean predictor's error, except for tasks listed in {@code unfit}, which do worse than the mean.
 */
public final class ScriptedTrainer implements Trainer {
    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public String description() {
        return "misbehaving trainer for launcher tests";
    }

    /** A finished job's context that the next job, in the same warm process, reports through ({@code late-report}). */
    private static TrialContext finishedJobContext;

    @Override
    public TrialResult train(TrainingRequest request, TrialContext context) throws Exception {
        String behaviour = request.options().extra().string("behaviour", "complete");
        if (finishedJobContext != null) {
            // Exactly what a leaked trainer thread would do: report for its old job while this one runs.
            finishedJobContext.reportEpoch(new EpochReport(99, Map.of("a", 99.0), Map.of(), 0, 0));
            finishedJobContext.log("late line from the previous job");
            finishedJobContext = null;
        }
        if (behaviour.equals("late-report")) {
            finishedJobContext = context;
        } else if (behaviour.equals("exit-after-result")) {
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException ignored) {
                    // halt anyway
                }
                Runtime.getRuntime().halt(3);
            });
            halt.setDaemon(true);
            halt.start();
        }
        if (behaviour.equals("layout")) {
            return layoutAware(request, context);
        }
        switch (behaviour) {
            case "throw" -> throw new IllegalStateException("planned failure in epoch 1");
            case "exit" -> Runtime.getRuntime().halt(7);
            case "sigkill" -> {
                new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start().waitFor();
                Thread.currentThread().join();
            }
            case "hang" -> Thread.currentThread().join();
            case "oom" -> {
                List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[1 << 20]);
                }
            }
            case "native-hog" -> {
                // Memory outside the heap, as a native library's leak grows it: no Java limit stops it.
                java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                sun.misc.Unsafe unsafe = (sun.misc.Unsafe) f.get(null);
                long chunk = 16L << 20;
                for (long held = 0; held < 2L << 30; held += chunk) { // a cap, should no watchdog stop it
                    unsafe.setMemory(unsafe.allocateMemory(chunk), chunk, (byte) 1);
                    Thread.sleep(5);
                }
                Thread.currentThread().join();
            }
            default -> {
            }
        }
        if (behaviour.equals("noisy")) {
            System.out.println("{\"type\": \"result\" — a plugin printing to System.out must not reach the protocol");
        }
        int epochs = request.options().epochs();
        int done = 0;
        boolean stopped = false;
        for (int epoch = 1; behaviour.equals("until-stopped") || behaviour.equals("ignore-stop") || epoch <= epochs; epoch++) {
            if (context.shouldStop()) {
                if (behaviour.equals("ignore-stop")) {
                    Thread.currentThread().join();
                }
                stopped = true;
                break;
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (TaskHead h : request.heads()) {
                values.put(h.name(), h.metrics(mean(h, request.data().validation()), request.data().validation()).get(h.metric()) / epoch);
            }
            context.reportEpoch(new EpochReport(epoch, values, values, 0.001, request.data().train().rows()));
            done = epoch;
            if (behaviour.equals("until-stopped") || behaviour.equals("ignore-stop")) {
                // Wait for the parent's stop instead of spinning through epochs.
                while (!context.shouldStop()) {
                    Thread.sleep(20);
                }
            }
        }
        List<String> tasks = request.heads().stream().map(TaskHead::name).toList();
        double[][] z = new double[tasks.size()][tasks.size()];
        z[0][0] = 0.5;
        AffinityMatrix affinity = new AffinityMatrix(tasks, z);
        context.reportAffinity(affinity, 10);
        Path model = request.workDirectory().resolve("model.txt");
        Files.writeString(model, "mean model");
        Map<String, Map<String, Double>> validation = new LinkedHashMap<>();
        Map<String, Map<String, Double>> test = new LinkedHashMap<>();
        for (TaskHead h : request.heads()) {
            validation.put(h.name(), h.metrics(mean(h, request.data().validation()), request.data().validation()));
            test.put(h.name(), h.metrics(mean(h, request.data().test()), request.data().test()));
        }
        return new TrialResult(done, stopped, validation, test, affinity, model, 1234.5);
    }

    private static TrialResult layoutAware(TrainingRequest request, TrialContext context) throws Exception {
        var extra = request.options().extra();
        List<List<String>> groups = new ArrayList<>();
        for (Object g : extra.list("planted")) {
            groups.add(((List<?>) g).stream().map(String::valueOf).toList());
        }
        PlantedGroups planted = new PlantedGroups(groups);
        String folder = request.workDirectory().getFileName().toString();
        boolean crash = extra.has("crash_in") && extra.strings("crash_in").contains(folder);
        boolean wait = extra.has("wait_in") && extra.strings("wait_in").contains(folder);
        int done = 0;
        boolean stopped = false;
        for (int epoch = 1; epoch <= request.options().epochs(); epoch++) {
            if (context.shouldStop()) {
                stopped = true;
                break;
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (TaskHead h : request.heads()) {
                values.put(h.name(), error(h, request.data().validation(), planted, request, epoch));
            }
            context.reportEpoch(new EpochReport(epoch, values, values, 0.001, request.data().train().rows()));
            done = epoch;
            if (crash) {
                Runtime.getRuntime().halt(7);
            }
            while (wait && !context.shouldStop()) {
                Thread.sleep(20); // a trainer's own polling, the way a long epoch checks for a stop
            }
        }
        List<String> tasks = request.heads().stream().map(TaskHead::name).toList();
        AffinityMatrix affinity = null;
        if (request.options().affinityEvery() > 0) {
            double[][] z = new double[tasks.size()][tasks.size()];
            for (int i = 0; i < z.length; i++) {
                for (int j = 0; j < z.length; j++) {
                    z[i][j] = planted.affinity(tasks.get(i), tasks.get(j));
                }
            }
            affinity = new AffinityMatrix(tasks, z);
            context.reportAffinity(affinity, done);
        }
        Map<String, Map<String, Double>> validation = new LinkedHashMap<>();
        Map<String, Map<String, Double>> test = new LinkedHashMap<>();
        for (TaskHead h : request.heads()) {
            validation.put(h.name(), Map.of("rmse", error(h, request.data().validation(), planted, request, Math.max(done, 1))));
            test.put(h.name(), Map.of("rmse", error(h, request.data().test(), planted, request, Math.max(done, 1))));
        }
        return new TrialResult(done, stopped, validation, test, affinity, null, 1000.0);
    }

    /** The mean predictor's error scaled by the layout's effect, converging over epochs like a real curve. */
    private static double error(TaskHead h, io.branchwise.plugin.data.Split split, PlantedGroups planted,
                                TrainingRequest request, int epoch) {
        // A model of the task alone halves the error of predicting the mean, so baselines beat the trivial
        // predictor; a task listed in extra.unfit does no better than the mean (its baseline fails).
        boolean unfit = request.options().extra().has("unfit") && request.options().extra().strings("unfit").contains(h.name());
        double alone = (unfit ? 1.2 : 0.5) * h.metrics(mean(h, split), split).get(h.metric());
        return alone * planted.errorFactor(request.layout(), h.name()) * (1 + 0.5 / epoch);
    }

    private static float[] mean(TaskHead h, io.branchwise.plugin.data.Split split) {
        float[] y = h.labels(split);
        double m = 0;
        for (float v : y) {
            m += v;
        }
        float[] p = new float[y.length];
        java.util.Arrays.fill(p, (float) (m / y.length));
        return p;
    }
}
