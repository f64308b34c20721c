package io.branchwise.plugin.trainer;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;

import java.util.Set;

/**
 * The training budget and the hyper-parameters every trainer understands. The layout gives widths and depths;
 * these give everything else.
 *
 * @param affinityEvery measure inter-task affinity every this many steps; 0 = never
 * @param extra         options only a particular trainer reads
 * @param patience      stop after this many epochs without a better validation score; 0 = train every epoch. Either
 *                      way the result is the best validation epoch's model, never simply the last one's
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, Optimizer optimizer, String activation,
                              double dropout, boolean batchNorm, int affinityEvery, long seed, Options extra,
                              int patience) {
    /**
     * Ten epochs without improvement: long enough that a noisy validation curve does not end a training that is
     * still learning, short enough that a curve which peaked early stops paying for epochs that only overfit.
     */
    public static final int DEFAULT_PATIENCE = 10;

    public enum Optimizer { ADAM, SGD }

    private static final Set<String> ACTIVATIONS = Set.of("relu", "tanh", "elu", "leakyrelu", "gelu", "sigmoid", "identity");
    private static final Set<String> KNOWN = Set.of("epochs", "batch_size", "learning_rate", "optimizer", "activation",
            "dropout", "batch_norm", "affinity_every", "seed", "extra", "patience");

    public TrainingOptions {
        check(epochs >= 1, "epochs", "must be at least 1, got " + epochs);
        check(batchSize >= 1, "batch_size", "must be at least 1, got " + batchSize);
        check(learningRate > 0 && Double.isFinite(learningRate), "learning_rate", "must be positive, got " + learningRate);
        check(optimizer != null, "optimizer", "required");
        check(ACTIVATIONS.contains(activation), "activation", "must be one of " + new java.util.TreeSet<>(ACTIVATIONS) + ", got " + activation);
        check(dropout >= 0 && dropout < 1, "dropout", "must be in [0, 1), got " + dropout);
        check(affinityEvery >= 0, "affinity_every", "must be 0 (off) or positive, got " + affinityEvery);
        check(patience >= 0, "patience", "must be 0 (train every epoch) or positive, got " + patience);
        if (extra == null) {
            extra = Options.empty("training.extra");
        }
    }

    /** The options with the default patience. */
    public TrainingOptions(int epochs, int batchSize, double learningRate, Optimizer optimizer, String activation,
                           double dropout, boolean batchNorm, int affinityEvery, long seed, Options extra) {
        this(epochs, batchSize, learningRate, optimizer, activation, dropout, batchNorm, affinityEvery, seed, extra,
                DEFAULT_PATIENCE);
    }

    public static TrainingOptions defaults() {
        return new TrainingOptions(10, 256, 1e-3, Optimizer.ADAM, "relu", 0.0, false, 0, 0L, null);
    }

    /** Reads {@code training:} of a spec; absent fields take {@link #defaults()}. */
    public static TrainingOptions from(Options o) {
        o.requireOnly(KNOWN);
        TrainingOptions d = defaults();
        Optimizer optimizer;
        String name = o.string("optimizer", d.optimizer.name().toLowerCase());
        try {
            optimizer = Optimizer.valueOf(name.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new SpecException(o.path("optimizer"), "must be adam or sgd, got \"" + name + "\"");
        }
        String activation = o.string("activation", d.activation);
        if (!ACTIVATIONS.contains(activation)) {
            throw new SpecException(o.path("activation"), "must be one of " + new java.util.TreeSet<>(ACTIVATIONS) + ", got \"" + activation + "\"");
        }
        return new TrainingOptions(
                o.integer("epochs", d.epochs, 1),
                o.integer("batch_size", d.batchSize, 1),
                positive(o, "learning_rate", d.learningRate),
                optimizer,
                activation,
                o.number("dropout", d.dropout, 0.0, 0.99),
                o.bool("batch_norm", d.batchNorm),
                o.integer("affinity_every", d.affinityEvery, 0),
                o.longValue("seed", d.seed),
                o.object("extra"),
                o.integer("patience", d.patience, 0));
    }

    public TrainingOptions withEpochs(int n) {
        return new TrainingOptions(n, batchSize, learningRate, optimizer, activation, dropout, batchNorm, affinityEvery, seed, extra, patience);
    }

    public TrainingOptions withAffinityEvery(int k) {
        return new TrainingOptions(epochs, batchSize, learningRate, optimizer, activation, dropout, batchNorm, k, seed, extra, patience);
    }

    public TrainingOptions withSeed(long s) {
        return new TrainingOptions(epochs, batchSize, learningRate, optimizer, activation, dropout, batchNorm, affinityEvery, s, extra, patience);
    }

    public TrainingOptions withLearningRate(double rate) {
        return new TrainingOptions(epochs, batchSize, rate, optimizer, activation, dropout, batchNorm, affinityEvery, seed, extra, patience);
    }

    public TrainingOptions withActivation(String name) {
        return new TrainingOptions(epochs, batchSize, learningRate, optimizer, name, dropout, batchNorm, affinityEvery, seed, extra, patience);
    }

    public TrainingOptions withDropout(double rate) {
        return new TrainingOptions(epochs, batchSize, learningRate, optimizer, activation, rate, batchNorm, affinityEvery, seed, extra, patience);
    }

    public TrainingOptions withPatience(int p) {
        return new TrainingOptions(epochs, batchSize, learningRate, optimizer, activation, dropout, batchNorm, affinityEvery, seed, extra, p);
    }

    private static double positive(Options o, String key, double fallback) {
        double v = o.number(key, fallback);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new SpecException(o.path(key), "must be positive, got " + v);
        }
        return v;
    }

    private static void check(boolean ok, String field, String problem) {
        if (!ok) {
            throw new SpecException("training." + field, problem);
        }
    }
}
