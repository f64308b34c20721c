package io.branchwise.space.sampler.nsga;

/**
 * NSGA-III (Deb and Jain 2014): NSGA-II's loop with the last front filled by reference-point niching instead of
 * crowding distance, which keeps many-objective fronts (three and more) spread out where crowding degrades.
 * Reference points default to Das–Dennis points for the study's number of objectives, with the most divisions
 * whose count fits the population (3 objectives, population 50: 8 divisions, 45 points).
 */
public final class NsgaIIISampler extends GeneticSampler {

    private NsgaIIISampler(Builder builder, ReferencePointNiching niching) {
        super(builder, niching);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends GeneticSamplerBuilder<Builder> {
        private Integer divisions;
        private double[][] referencePoints;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** Das–Dennis divisions p; default: the most whose point count fits the population. */
        public Builder divisions(int divisions) {
            if (divisions < 1) {
                throw new IllegalArgumentException("divisions must be >= 1, got " + divisions);
            }
            this.divisions = divisions;
            return this;
        }

        /**
         * Explicit reference points (one row per point, one column per objective) instead of Das–Dennis ones; a
         * study with another number of objectives is refused when the sampler first selects an elite.
         */
        public Builder referencePoints(double[][] referencePoints) {
            if (referencePoints.length == 0) {
                throw new IllegalArgumentException("need at least one reference point");
            }
            for (double[] p : referencePoints) {
                if (p.length != referencePoints[0].length) {
                    throw new IllegalArgumentException("reference points must all have the same number of coordinates");
                }
            }
            this.referencePoints = referencePoints.clone();
            return this;
        }

        public NsgaIIISampler build() {
            double[][] explicit = referencePoints;
            Integer p = divisions;
            int size = populationSize;
            return new NsgaIIISampler(this, new ReferencePointNiching(objectives -> explicit != null ? explicit
                    : ReferencePoints.dasDennis(objectives, p != null ? p : ReferencePoints.divisionsFor(objectives, size))));
        }
    }
}
