package io.branchwise.builtin.data.synthetic;

import io.branchwise.builtin.data.Seeds;
import io.branchwise.plugin.Options;
import io.branchwise.plugin.data.DataLimits;
import io.branchwise.plugin.data.DataRequest;
import io.branchwise.plugin.data.DataSource;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.data.TargetColumn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code synthetic}: the controllable multi-task benchmark of the MMoE paper — T regression tasks whose relatedness
 * is set by a task-correlation matrix P (see {@link SyntheticModel} for the formulas). The planted grouping is
 * known ({@link #plantedGroups}), so recovered task groups can be scored with the adjusted Rand index.
 *
 * <p>Options:
 * <ul>
 *   <li>{@code correlation}: P as a T×T list of rows; must be symmetric with unit diagonal and positive definite.</li>
 *   <li>{@code groups}: instead of P, a partition of the tasks, as sizes of consecutive runs ({@code [3, 3]}: tasks
 *       0–2 and 3–5) or as lists of task indices ({@code [[0, 2], [1, 3]]}); with {@code intra} (correlation
 *       inside a group, default 0.9) and {@code inter} (across groups, default 0.0).</li>
 *   <li>{@code tasks}: T; optional, checked against the matrix or the groups when given. At most 1000.</li>
 *   <li>{@code rows} (training rows, default 20000), {@code validation_rows} and {@code test_rows} (5000 each). All
 *       rows × {@code dimensions} must stay within the request's {@link DataLimits#maxCells()}.</li>
 *   <li>{@code dimensions}: d, the number of inputs, default 100 (at least T).</li>
 *   <li>{@code noise_variance}: variance of ε, default 0.01.</li>
 *   <li>{@code standardize_targets}: scale each task's target by its training mean and standard deviation, default
 *       true. The tasks' raw scales differ with the random α, β of the sines; equal scales give every task's loss
 *       the same weight at equal weights, so loss weighting and Δm compare like with like.</li>
 *   <li>{@code names}: the T target column names, default {@code t0 … t{T−1}}.</li>
 * </ul>
 * Features are {@code x0 … x{d−1}}, each N(0, 1) and left as drawn. The same seed gives identical arrays; the
 * model and each split draw from their own stream of the seed, so changing a row count does not change the tasks.
 */
public final class SyntheticDataSource implements DataSource {
    private static final long MODEL_STREAM = 1;
    private static final long TRAIN_STREAM = 2;
    private static final long VALIDATION_STREAM = 3;
    private static final long TEST_STREAM = 4;

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public String description() {
        return "the MMoE synthetic benchmark: T regression tasks with a chosen task correlation, planted groups known";
    }

    /**
     * The planted group of each task for these options (no data is generated): from {@code groups} as given, or for
     * an explicit {@code correlation} the connected components of tasks correlated ≥ {@value TaskCorrelation#LINK}.
     * Groups are numbered in order of their first task.
     */
    public static int[] plantedGroups(Options options) {
        return SyntheticOptions.from(options).correlation().groups().clone();
    }

    /** The generator behind {@link #load} for these options and seed, for tests and benchmarks that need w, α, β. */
    public static SyntheticModel model(Options options, long seed) {
        SyntheticOptions checked = SyntheticOptions.from(options);
        checked.checkSize(options, DataLimits.DEFAULT);
        return model(checked, seed);
    }

    private static SyntheticModel model(SyntheticOptions options, long seed) {
        return SyntheticModel.draw(options.correlation().matrix(), options.dimensions(), options.noiseVariance(),
                new Random(Seeds.derive(seed, MODEL_STREAM)));
    }

    @Override
    public Dataset load(DataRequest request) {
        SyntheticOptions options = SyntheticOptions.from(request.options());
        options.checkSize(request.options(), request.limits());
        SyntheticModel model = model(options, request.seed());
        double[][] train = new double[model.tasks()][options.rows()];
        double[][] validation = new double[model.tasks()][options.validationRows()];
        double[][] test = new double[model.tasks()][options.testRows()];
        float[] trainX = sample(model, options.rows(), request.seed(), TRAIN_STREAM, train);
        float[] validationX = sample(model, options.validationRows(), request.seed(), VALIDATION_STREAM, validation);
        float[] testX = sample(model, options.testRows(), request.seed(), TEST_STREAM, test);
        if (options.standardizeTargets()) {
            standardize(train, validation, test);
        }
        List<String> features = new ArrayList<>();
        for (int i = 0; i < options.dimensions(); i++) {
            features.add("x" + i);
        }
        Map<String, TargetColumn> targets = new LinkedHashMap<>();
        options.names().forEach(n -> targets.put(n, TargetColumn.continuous(n)));
        return new Dataset("synthetic", features, targets,
                split(trainX, train, options), split(validationX, validation, options), split(testX, test, options));
    }

    private static float[] sample(SyntheticModel model, int rows, long seed, long stream, double[][] targets) {
        float[] x = new float[rows * model.dimensions()];
        model.sample(rows, new Random(Seeds.derive(seed, stream)), x, targets);
        return x;
    }

    /** Every split scaled with the training mean and standard deviation of each task. */
    private static void standardize(double[][] train, double[][] validation, double[][] test) {
        for (int t = 0; t < train.length; t++) {
            double mean = 0;
            for (double v : train[t]) {
                mean += v;
            }
            mean /= train[t].length;
            double squares = 0;
            for (double v : train[t]) {
                squares += (v - mean) * (v - mean);
            }
            double sd = Math.sqrt(squares / train[t].length);
            double scale = sd > 0 ? sd : 1;
            for (double[][] split : List.of(train, validation, test)) {
                for (int r = 0; r < split[t].length; r++) {
                    split[t][r] = (split[t][r] - mean) / scale;
                }
            }
        }
    }

    private static Split split(float[] x, double[][] y, SyntheticOptions options) {
        int rows = y[0].length;
        Map<String, float[]> targets = new LinkedHashMap<>();
        for (int t = 0; t < y.length; t++) {
            float[] column = new float[rows];
            for (int r = 0; r < rows; r++) {
                column[r] = (float) y[t][r];
            }
            targets.put(options.names().get(t), column);
        }
        return new Split(rows, options.dimensions(), x, targets);
    }
}
