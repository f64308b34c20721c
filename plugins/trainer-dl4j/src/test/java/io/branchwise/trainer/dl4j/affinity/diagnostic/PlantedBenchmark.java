package io.branchwise.trainer.dl4j.affinity.diagnostic;

import io.branchwise.builtin.data.synthetic.SyntheticDataSource;
import io.branchwise.builtin.data.synthetic.SyntheticModel;
import io.branchwise.plugin.Options;
import io.branchwise.plugin.data.DataRequest;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.task.TaskHead;
import io.branchwise.plugin.trainer.TrainingOptions;
import io.branchwise.space.layout.Block;
import io.branchwise.space.layout.SharingLayout;
import io.branchwise.trainer.dl4j.affinity.TargetCorrelation;
import io.branchwise.trainer.dl4j.bench.BuiltInHeads;
import io.branchwise.trainer.dl4j.network.MultiHeadNetwork;
import io.branchwise.trainer.dl4j.network.NetworkBuilder;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The 6-task, two-planted-groups synthetic benchmark of {@code examples/train-synthetic-affinity.yaml}, for one seed. */
final class PlantedBenchmark {
    static final int TASKS = 6;

    final long seed;
    final Options options;
    final Dataset data;
    final int[] planted;
    final List<String> names;
    final List<TaskHead> heads = new ArrayList<>();

    PlantedBenchmark(long seed, int rows, boolean standardize) {
        this.seed = seed;
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("groups", List.of(3, 3));
        o.put("intra", 0.9);
        o.put("inter", 0.0);
        o.put("rows", rows);
        o.put("standardize_targets", standardize);
        options = Options.of("data.options", o);
        data = new SyntheticDataSource().load(new DataRequest(options, seed, null));
        planted = SyntheticDataSource.plantedGroups(options);
        names = List.copyOf(data.targets().keySet());
        names.forEach(n -> heads.add(BuiltInHeads.regression(n, n)));
    }

    SyntheticModel model() {
        return SyntheticDataSource.model(options, seed);
    }

    /** The example's network: hard sharing, a 2×width ReLU trunk, Adam at {@code lr}, seeded like a trial. */
    MultiHeadNetwork network(double lr, int width) {
        TrainingOptions t = new TrainingOptions(1, 256, lr, TrainingOptions.Optimizer.ADAM, "relu", 0.0, false, 0, seed, null);
        Nd4j.getRandom().setSeed(seed);
        return NetworkBuilder.build(SharingLayout.hardSharing(new Block(2, width), names), heads, data.featureCount(), t);
    }

    /** Pearson correlation of two training targets. */
    double targetCorrelation(int i, int j) {
        return TargetCorrelation.pearson(data.train().target(names.get(i)), data.train().target(names.get(j)));
    }
}
