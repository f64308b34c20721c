package io.branchwise.space.metric;

import java.util.Arrays;

/**
 * Repeated measurements of one quantity, e.g. a task's validation metric over training seeds: mean, sample standard
 * deviation (n − 1) and the standard error of the mean.
 */
public record Sample(double[] values) {
    public Sample {
        if (values.length == 0) {
            throw new IllegalArgumentException("a sample needs at least one value");
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("sample values must be finite, got " + Arrays.toString(values));
            }
        }
        values = values.clone();
    }

    public static Sample of(double... values) {
        return new Sample(values);
    }

    public int n() {
        return values.length;
    }

    public double mean() {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Sample standard deviation (denominator n − 1); 0 for a single value. */
    public double sd() {
        if (values.length < 2) {
            return 0;
        }
        double m = mean();
        double ss = 0;
        for (double v : values) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (values.length - 1));
    }

    public double variance() {
        double s = sd();
        return s * s;
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && Arrays.equals(s.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Sample" + Arrays.toString(values);
    }
}
