package io.branchwise.bench.quality;

/**
 * The sampler quality problems, the same functions, boxes, budgets and hypervolume references as
 * {@code benchmarks/quality/problems.py}, so Branchwise and Optuna are scored on identical ground.
 */
enum Problem {
    SPHERE_5D("sphere-5d", box(5, -5.0, 5.0), 1, 200, null) {
        @Override
        double[] evaluate(double[] x) {
            double s = 0;
            for (double v : x) {
                s += v * v;
            }
            return new double[] {s};
        }
    },
    BRANIN("branin", new double[][] {{-5.0, 10.0}, {0.0, 15.0}}, 1, 200, null) {
        @Override
        double[] evaluate(double[] x) {
            double b = 5.1 / (4 * Math.PI * Math.PI);
            double c = 5 / Math.PI;
            double t = 1 / (8 * Math.PI);
            double a = x[1] - b * x[0] * x[0] + c * x[0] - 6.0;
            return new double[] {a * a + 10.0 * (1 - t) * Math.cos(x[0]) + 10.0};
        }
    },
    HARTMANN_6("hartmann-6", box(6, 0.0, 1.0), 1, 200, null) {
        private final double[] alpha = {1.0, 1.2, 3.0, 3.2};
        private final double[][] a = {{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14},
            {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
        private final double[][] p = {{0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
            {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991}, {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
            {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};

        @Override
        double[] evaluate(double[] x) {
            double total = 0;
            for (int i = 0; i < 4; i++) {
                double inner = 0;
                for (int j = 0; j < 6; j++) {
                    inner += a[i][j] * (x[j] - p[i][j]) * (x[j] - p[i][j]);
                }
                total += alpha[i] * Math.exp(-inner);
            }
            return new double[] {-total};
        }
    },
    ROSENBROCK_10D("rosenbrock-10d", box(10, -5.0, 10.0), 1, 200, null) {
        @Override
        double[] evaluate(double[] x) {
            double s = 0;
            for (int i = 0; i + 1 < x.length; i++) {
                double u = x[i + 1] - x[i] * x[i];
                s += 100 * u * u + (1 - x[i]) * (1 - x[i]);
            }
            return new double[] {s};
        }
    },
    ZDT1("zdt1", box(30, 0.0, 1.0), 2, 300, new double[] {1.1, 11.0}) {
        @Override
        double[] evaluate(double[] x) {
            double sum = 0;
            for (int i = 1; i < x.length; i++) {
                sum += x[i];
            }
            double g = 1 + 9 * sum / (x.length - 1);
            return new double[] {x[0], g * (1 - Math.sqrt(x[0] / g))};
        }
    },
    DTLZ2_3OBJ("dtlz2-3obj", box(12, 0.0, 1.0), 3, 300, new double[] {2.5, 2.5, 2.5}) {
        @Override
        double[] evaluate(double[] x) {
            int m = 3;
            double g = 0;
            for (int i = m - 1; i < x.length; i++) {
                g += (x[i] - 0.5) * (x[i] - 0.5);
            }
            double[] f = new double[m];
            for (int i = 0; i < m; i++) {
                double v = 1 + g;
                for (int j = 0; j < m - 1 - i; j++) {
                    v *= Math.cos(x[j] * Math.PI / 2);
                }
                if (i > 0) {
                    v *= Math.sin(x[m - 1 - i] * Math.PI / 2);
                }
                f[i] = v;
            }
            return f;
        }
    };

    final String id;
    final double[][] bounds;
    final int objectives;
    final int trials;
    final double[] reference;

    Problem(String id, double[][] bounds, int objectives, int trials, double[] reference) {
        this.id = id;
        this.bounds = bounds;
        this.objectives = objectives;
        this.trials = trials;
        this.reference = reference;
    }

    abstract double[] evaluate(double[] x);

    /** The value at the fixed point that problems.py's {@code checkpoint()} uses, to prove both sides agree. */
    double[] checkpoint() {
        double[] mid = new double[bounds.length];
        for (int i = 0; i < mid.length; i++) {
            mid[i] = (bounds[i][0] + bounds[i][1]) / 2 + 0.1 * i / bounds.length;
        }
        return evaluate(mid);
    }

    static Problem byId(String id) {
        for (Problem p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown problem '" + id + "'");
    }

    private static double[][] box(int dims, double low, double high) {
        double[][] b = new double[dims][];
        for (int i = 0; i < dims; i++) {
            b[i] = new double[] {low, high};
        }
        return b;
    }
}
