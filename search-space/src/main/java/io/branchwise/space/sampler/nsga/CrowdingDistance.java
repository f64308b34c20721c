package io.branchwise.space.sampler.nsga;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * NSGA-II's diversity measure and last-front rule (Deb et al. 2002): per objective, the gap between a point's
 * two neighbours along the front, normalised by the front's extent, summed; the extremes of every objective get
 * +∞ so the front's ends always survive.
 */
final class CrowdingDistance implements LastFrontSelection {

    /** The crowding distance of each member of {@code front}, in the order of {@code front}. */
    static double[] of(double[][] points, List<Integer> front) {
        int n = front.size();
        double[] distance = new double[n];
        if (n <= 2) {
            java.util.Arrays.fill(distance, Double.POSITIVE_INFINITY);
            return distance;
        }
        double[][] rows = FiniteObjectives.of(points, front);
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        for (int k = 0; k < rows[0].length; k++) {
            int objective = k;
            order.sort(Comparator.comparingDouble(i -> rows[i][objective]));
            double width = rows[order.get(n - 1)][k] - rows[order.get(0)][k];
            if (width == 0.0) {
                // Every point ties here, so this objective says nothing about crowding.
                continue;
            }
            distance[order.get(0)] = Double.POSITIVE_INFINITY;
            distance[order.get(n - 1)] = Double.POSITIVE_INFINITY;
            for (int r = 1; r < n - 1; r++) {
                distance[order.get(r)] += (rows[order.get(r + 1)][k] - rows[order.get(r - 1)][k]) / width;
            }
        }
        return distance;
    }

    @Override
    public List<Integer> pick(double[][] points, List<Integer> selected, List<Integer> lastFront, int count,
                              Random random) {
        double[] distance = of(points, lastFront);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < lastFront.size(); i++) {
            order.add(i);
        }
        // Shuffling before the stable sort breaks ties at random instead of by trial number.
        Collections.shuffle(order, random);
        order.sort(Comparator.comparingDouble((Integer i) -> distance[i]).reversed());
        List<Integer> survivors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            survivors.add(lastFront.get(order.get(i)));
        }
        return survivors;
    }

    @Override
    public double[] tournamentScores(double[][] points, List<List<Integer>> eliteFronts) {
        double[] scores = new double[points.length];
        for (List<Integer> front : eliteFronts) {
            double[] distance = of(points, front);
            for (int i = 0; i < front.size(); i++) {
                scores[front.get(i)] = distance[i];
            }
        }
        return scores;
    }
}
