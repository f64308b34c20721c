package io.branchwise.space.sampler.qmc;

/** A low-discrepancy sequence in the unit cube, addressable by index so any worker can compute any point. */
public sealed interface QmcSequence permits SobolSequence, HaltonSequence {

    /** Coordinate {@code dimension} of point {@code index}, in [0, 1). */
    double coordinate(long index, int dimension);

    default double[] point(long index, int dimensions) {
        double[] x = new double[dimensions];
        for (int j = 0; j < dimensions; j++) {
            x[j] = coordinate(index, j);
        }
        return x;
    }
}
