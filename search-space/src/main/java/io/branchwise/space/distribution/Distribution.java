package io.branchwise.space.distribution;

/**
 * The range a parameter is drawn from, with Optuna's meaning. Values travel in the <em>internal</em>
 * representation (a double: the float itself, the int as a double, or the index of a categorical choice), which
 * is what storages keep and samplers model.
 */
public sealed interface Distribution permits FloatDistribution, IntDistribution, CategoricalDistribution {

    /**
     * The Optuna class name this distribution was written as. Deprecated names such as {@code UniformDistribution}
     * are kept because Optuna treats them as a different kind from {@code FloatDistribution}.
     */
    String className();

    /** True when only one value can be drawn, so a sampler need not model it. */
    boolean isSingle();

    /** Whether an internal value lies in the distribution, with Optuna's tolerance for stepped floats. */
    boolean contains(double internal);
}
