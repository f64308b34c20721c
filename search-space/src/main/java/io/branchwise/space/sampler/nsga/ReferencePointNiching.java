package io.branchwise.space.sampler.nsga;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * NSGA-III's last-front rule (Deb and Jain 2014): normalise the candidates by their ideal point and the
 * hyperplane through their extreme points, attach each to the nearest reference line, and fill the elite from
 * the reference points with the fewest members so far, so that every direction of the front stays populated.
 * Tournaments only compare ranks (ties are random), as in the paper, since niching already keeps diversity.
 */
final class ReferencePointNiching implements LastFrontSelection {
    private final IntFunction<double[][]> pointsForObjectives;
    private double[][] referencePoints;

    /** @param pointsForObjectives the reference points for a number of objectives, asked once it is known */
    ReferencePointNiching(IntFunction<double[][]> pointsForObjectives) {
        this.pointsForObjectives = pointsForObjectives;
    }

    /** The reference points for {@code objectives}, made on first use since only the study knows that number. */
    double[][] referencePoints(int objectives) {
        if (referencePoints == null || referencePoints[0].length != objectives) {
            double[][] points = pointsForObjectives.apply(objectives);
            if (points.length == 0 || points[0].length != objectives) {
                throw new IllegalArgumentException("the reference points do not have " + objectives + " coordinates");
            }
            referencePoints = points;
        }
        return referencePoints;
    }

    @Override
    public List<Integer> pick(double[][] points, List<Integer> selected, List<Integer> lastFront, int count,
                              Random random) {
        double[][] referencePoints = referencePoints(points[lastFront.get(0)].length);
        List<Integer> candidates = new ArrayList<>(selected);
        candidates.addAll(lastFront);
        double[][] normalized = normalize(FiniteObjectives.of(points, candidates));
        int[] nearest = new int[candidates.size()];
        double[] distance = new double[candidates.size()];
        for (int c = 0; c < candidates.size(); c++) {
            associate(referencePoints, normalized[c], c, nearest, distance);
        }
        int[] niche = new int[referencePoints.length];
        for (int c = 0; c < selected.size(); c++) {
            niche[nearest[c]]++;
        }
        List<List<Integer>> waiting = new ArrayList<>();
        for (int r = 0; r < referencePoints.length; r++) {
            waiting.add(new ArrayList<>());
        }
        for (int c = selected.size(); c < candidates.size(); c++) {
            waiting.get(nearest[c]).add(c);
        }
        boolean[] closed = new boolean[referencePoints.length];
        List<Integer> survivors = new ArrayList<>(count);
        while (survivors.size() < count) {
            int r = leastCrowded(niche, closed, random);
            List<Integer> pool = waiting.get(r);
            if (pool.isEmpty()) {
                closed[r] = true;
                continue;
            }
            int chosen;
            if (niche[r] == 0) {
                // An empty niche takes its closest candidate: that one represents the direction best.
                chosen = 0;
                for (int i = 1; i < pool.size(); i++) {
                    if (distance[pool.get(i)] < distance[pool.get(chosen)]) {
                        chosen = i;
                    }
                }
            } else {
                chosen = random.nextInt(pool.size());
            }
            survivors.add(candidates.get(pool.remove(chosen)));
            niche[r]++;
        }
        return survivors;
    }

    @Override
    public double[] tournamentScores(double[][] points, List<List<Integer>> eliteFronts) {
        return new double[points.length];
    }

    /** Translates by the ideal point and divides by the intercepts of the extreme points' hyperplane. */
    static double[][] normalize(double[][] rows) {
        int m = rows[0].length;
        double[] ideal = new double[m];
        Arrays.fill(ideal, Double.POSITIVE_INFINITY);
        for (double[] row : rows) {
            for (int k = 0; k < m; k++) {
                ideal[k] = Math.min(ideal[k], row[k]);
            }
        }
        double[][] shifted = new double[rows.length][m];
        for (int i = 0; i < rows.length; i++) {
            for (int k = 0; k < m; k++) {
                shifted[i][k] = rows[i][k] - ideal[k];
            }
        }
        double[] intercepts = intercepts(shifted);
        double[][] out = new double[rows.length][m];
        for (int i = 0; i < rows.length; i++) {
            for (int k = 0; k < m; k++) {
                out[i][k] = shifted[i][k] / intercepts[k];
            }
        }
        return out;
    }

    /**
     * Where the hyperplane through the extreme points cuts each axis. When the extremes are degenerate (the plane
     * is singular or cuts an axis at or below zero) the per-objective maximum, i.e. the nadir, is used instead.
     */
    private static double[] intercepts(double[][] shifted) {
        int m = shifted[0].length;
        double[][] extremes = new double[m][];
        for (int axis = 0; axis < m; axis++) {
            double best = Double.POSITIVE_INFINITY;
            for (double[] row : shifted) {
                double asf = 0.0;
                for (int k = 0; k < m; k++) {
                    asf = Math.max(asf, row[k] / (k == axis ? 1.0 : 1e-6));
                }
                if (asf < best) {
                    best = asf;
                    extremes[axis] = row;
                }
            }
        }
        double[] ones = new double[m];
        Arrays.fill(ones, 1.0);
        double[] plane = solve(extremes, ones);
        double[] intercepts = new double[m];
        boolean usable = plane != null;
        for (int k = 0; usable && k < m; k++) {
            intercepts[k] = 1.0 / plane[k];
            usable = intercepts[k] > 1e-10 && Double.isFinite(intercepts[k]);
        }
        if (!usable) {
            for (int k = 0; k < m; k++) {
                double max = 0.0;
                for (double[] row : shifted) {
                    max = Math.max(max, row[k]);
                }
                intercepts[k] = max;
            }
        }
        for (int k = 0; k < m; k++) {
            if (!(intercepts[k] > 1e-12)) {
                intercepts[k] = 1.0;
            }
        }
        return intercepts;
    }

    /** Gaussian elimination with partial pivoting; null when the system is (nearly) singular. */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(m[pivot][col]) < 1e-12) {
                return null;
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int c = col; c <= n; c++) {
                        m[r][c] -= f * m[col][c];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = m[i][n] / m[i][i];
        }
        return x;
    }

    private static void associate(double[][] referencePoints, double[] point, int index, int[] nearest, double[] distance) {
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < referencePoints.length; r++) {
            double[] w = referencePoints[r];
            double ww = 0.0;
            double pw = 0.0;
            for (int k = 0; k < w.length; k++) {
                ww += w[k] * w[k];
                pw += point[k] * w[k];
            }
            double t = pw / ww;
            double d = 0.0;
            for (int k = 0; k < w.length; k++) {
                double e = point[k] - t * w[k];
                d += e * e;
            }
            if (d < best) {
                best = d;
                nearest[index] = r;
            }
        }
        distance[index] = Math.sqrt(best);
    }

    private int leastCrowded(int[] niche, boolean[] closed, Random random) {
        int min = Integer.MAX_VALUE;
        int ties = 0;
        int chosen = -1;
        for (int r = 0; r < niche.length; r++) {
            if (closed[r]) {
                continue;
            }
            if (niche[r] < min) {
                min = niche[r];
                ties = 1;
                chosen = r;
            } else if (niche[r] == min && random.nextInt(++ties) == 0) {
                // Reservoir sampling picks uniformly among the tied niches in one pass.
                chosen = r;
            }
        }
        return chosen;
    }
}
