package io.branchwise.space.sampler.nsga;

/**
 * NSGA-II (Deb et al. 2002) as Optuna's {@code NSGAIISampler}: elites by non-dominated sort and crowding
 * distance, parents by binary tournament on rank then crowding distance. Works for any number of objectives,
 * one included.
 */
public final class NsgaIISampler extends GeneticSampler {

    private NsgaIISampler(Builder builder) {
        super(builder, new CrowdingDistance());
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends GeneticSamplerBuilder<Builder> {
        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        public NsgaIISampler build() {
            return new NsgaIISampler(this);
        }
    }
}
