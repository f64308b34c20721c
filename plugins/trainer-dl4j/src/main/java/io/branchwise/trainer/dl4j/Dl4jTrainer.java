package io.branchwise.trainer.dl4j;

import io.branchwise.plugin.trainer.Trainer;
import io.branchwise.plugin.trainer.TrainingRequest;
import io.branchwise.plugin.trainer.TrialContext;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.trainer.dl4j.training.TrainingRun;
import org.nd4j.linalg.factory.Nd4j;

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

    @Override
    public TrialResult train(TrainingRequest request, TrialContext context) throws Exception {
        if (!"1".equals(System.getenv("OMP_NUM_THREADS"))) {
            // Not fatal, but on small CPUs DL4J's default threading is many times slower (see STACK.md).
            context.log("warning: OMP_NUM_THREADS is not 1; DL4J will be slow on this machine");
        }
        try {
            return new TrainingRun(request, context).run();
        } finally {
            // A warm trainer process runs the next training on this thread: it must find no workspace memory of
            // this one (sizes learnt from another network, arrays still attached).
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        }
    }
}
