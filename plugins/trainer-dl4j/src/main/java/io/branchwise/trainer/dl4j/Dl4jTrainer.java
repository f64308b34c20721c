package io.branchwise.trainer.dl4j;

import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.data.TargetColumn;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.trainer.Trainer;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.plugin.trainer.TrainingRequest;
import io.branchwise.plugin.trainer.TrialContext;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.space.weighting.LossWeighting;
import io.branchwise.space.weighting.WeightingMethod;
import io.branchwise.trainer.dl4j.training.DetachedContext;
import io.branchwise.trainer.dl4j.training.TrainingRun;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Deeplearning4j trainer: a multi-head {@code ComputationGraph} built from the trial's sharing layout, trained
 * with its loss-weighting method, optionally measuring inter-task affinity. Runs in a trainer process with
 * {@code OMP_NUM_THREADS=1}.
 */
public final class Dl4jTrainer implements Trainer {
    @Override
    public String name() {
        return "dl4j";
    }

    @Override
    public String description() {
        return "Deeplearning4j multi-head MLP: sharing layouts, EW/STATIC/UW/DWA/GradNorm/PCGrad/RLW/CAGrad/Nash-MTL, TAG affinity";
    }

    /**
     * One short training on a few rows of generated data, through everything a training runs (ND4J's native
     * libraries, the graph, the updater, evaluation, model writing), so that a warm process's first real training
     * does not pay about a second of class loading and library start-up. Every training seeds its own RNG and
     * this one's workspaces are destroyed like any training's, so nothing of it is seen later.
     */
    @Override
    public void warmUp() throws Exception {
        int rows = 64;
        float[] x = new float[rows * 2];
        float[] y = new float[rows];
        float[] z = new float[rows];
        for (int i = 0; i < rows; i++) {
            x[2 * i] = (i % 8) / 8f;
            x[2 * i + 1] = (i % 5) / 5f;
            y[i] = x[2 * i] - x[2 * i + 1];
            z[i] = i % 2;
        }
        Split split = new Split(rows, 2, x, Map.of("y", y, "z", z));
        Dataset data = new Dataset("warm-up", List.of("a", "b"),
                Map.of("y", TargetColumn.continuous("y"), "z", TargetColumn.categorical("z", 2)), split, split, split);
        List<TaskHead> heads = List.of(WarmUpHead.of("y", false), WarmUpHead.of("z", true));
        Path work = Files.createTempDirectory("branchwise-warm-up");
        try {
            TrainingOptions options = new TrainingOptions(2, 16, 1e-3, TrainingOptions.Optimizer.ADAM, "relu", 0.0,
                    false, 0, 1, null);
            train(new TrainingRequest(data, heads, SharingLayout.parse("1x8[y,z]"),
                    new LossWeighting(WeightingMethod.EW, Map.of(), Map.of()), options, work), DetachedContext.silent());
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Trainings between two full collections ({@link #destroyWorkspaces}). */
    static final int TRAININGS_PER_FULL_GC = 25;
    private static int trainingsSinceFullGc;

    /**
     * A warm trainer process runs the next training on this thread: it must find no workspace memory of this one
     * (sizes learnt from another network, arrays still attached). Each workspace is destroyed (its memory freed)
     * one by one: ND4J's {@code destroyAllWorkspacesForCurrentThread} does the same and then calls
     * {@code System.gc()}, a full collection after every training — 30 ms of a planted-example training. Arrays
     * outside workspaces hold native memory until their objects are collected, and the dead networks of earlier
     * trainings reach the old generation, which only a full collection empties; without any, a process's resident
     * memory climbed steadily (207 to 276 MiB over 200 many-head trainings). One full collection every
     * {@value #TRAININGS_PER_FULL_GC} trainings keeps it level (265–270 MiB from the 50th training to the 200th; 228–231
     * MiB with one after each).
     */
    static void destroyWorkspaces() {
        var manager = Nd4j.getWorkspaceManager();
        for (var workspace : List.copyOf(manager.getAllWorkspacesForCurrentThread())) {
            manager.destroyWorkspace(workspace);
        }
        synchronized (Dl4jTrainer.class) {
            if (++trainingsSinceFullGc < TRAININGS_PER_FULL_GC) {
                return;
            }
            trainingsSinceFullGc = 0;
        }
        System.gc();
    }

    @Override
    public TrialResult train(TrainingRequest request, TrialContext context) throws Exception {
        if (!"1".equals(System.getenv("OMP_NUM_THREADS"))) {
            // Not fatal, but on small CPUs DL4J's default threading is many times slower (see STACK.md).
            context.log("warning: OMP_NUM_THREADS is not 1; DL4J will be slow on this machine");
        }
        try {
            return new TrainingRun(request, context).run();
        } finally {
            destroyWorkspaces();
        }
    }
}
