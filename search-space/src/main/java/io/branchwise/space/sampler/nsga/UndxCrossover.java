package io.branchwise.space.sampler.nsga;

import java.util.Random;

/**
 * Unimodal normal distribution crossover (Ono and Kobayashi 1997): a normal draw around the midpoint of the first
 * two parents, stretched along the line joining them and, orthogonally to it, scaled by the third parent's
 * distance from that line. Good on rotated, non-separable landscapes.
 */
public final class UndxCrossover implements Crossover {
    private final double sigmaXi;
    private final Double sigmaEta;

    /** @param sigmaEta the orthogonal spread, or null for 0.35 / sqrt(n) */
    public UndxCrossover(double sigmaXi, Double sigmaEta) {
        if (!(sigmaXi >= 0.0 && Double.isFinite(sigmaXi))) {
            throw new IllegalArgumentException("sigmaXi must be finite and >= 0, got " + sigmaXi);
        }
        if (sigmaEta != null && !(sigmaEta >= 0.0 && Double.isFinite(sigmaEta))) {
            throw new IllegalArgumentException("sigmaEta must be finite and >= 0, got " + sigmaEta);
        }
        this.sigmaXi = sigmaXi;
        this.sigmaEta = sigmaEta;
    }

    public UndxCrossover() {
        this(0.5, null);
    }

    @Override
    public int parentCount() {
        return 3;
    }

    @Override
    public double[] cross(double[][] parents, Random random) {
        int n = parents[0].length;
        double[] mid = new double[n];
        double[] axis = new double[n];
        for (int i = 0; i < n; i++) {
            mid[i] = 0.5 * (parents[0][i] + parents[1][i]);
            axis[i] = parents[1][i] - parents[0][i];
        }
        double axisNorm2 = dot(axis, axis);
        double[] toThird = new double[n];
        for (int i = 0; i < n; i++) {
            toThird[i] = parents[2][i] - parents[0][i];
        }
        double[] orthogonal = withoutAxis(toThird, axis, axisNorm2);
        double distance = Math.sqrt(dot(orthogonal, orthogonal));
        double eta = sigmaEta != null ? sigmaEta : 0.35 / Math.sqrt(n);
        // A spherical normal with the axis component removed spans exactly the orthogonal complement.
        double[] noise = new double[n];
        for (int i = 0; i < n; i++) {
            noise[i] = random.nextGaussian() * eta;
        }
        noise = withoutAxis(noise, axis, axisNorm2);
        double xi = random.nextGaussian() * sigmaXi;
        double[] child = new double[n];
        for (int i = 0; i < n; i++) {
            child[i] = mid[i] + xi * axis[i] + distance * noise[i];
        }
        return child;
    }

    private static double[] withoutAxis(double[] v, double[] axis, double axisNorm2) {
        double[] out = v.clone();
        if (axisNorm2 == 0.0) {
            return out;
        }
        double k = dot(v, axis) / axisNorm2;
        for (int i = 0; i < out.length; i++) {
            out[i] -= k * axis[i];
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
