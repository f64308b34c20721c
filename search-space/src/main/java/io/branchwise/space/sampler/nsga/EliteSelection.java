package io.branchwise.space.sampler.nsga;

import io.branchwise.space.pareto.Dominance;
import io.branchwise.space.pareto.NonDominatedSort;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Survival of the fittest, shared by NSGA-II and NSGA-III: whole non-dominated fronts (constrained domination when
 * constraints are in play) enter the elite while they fit, and the {@link LastFrontSelection} decides who of the
 * overflowing front gets the remaining places.
 */
final class EliteSelection {
    private final int populationSize;
    private final LastFrontSelection lastFront;
    private final boolean constraints;

    EliteSelection(int populationSize, LastFrontSelection lastFront, boolean constraints) {
        this.populationSize = populationSize;
        this.lastFront = lastFront;
        this.constraints = constraints;
    }

    Population select(List<FrozenTrial> candidates, List<StudyDirection> directions, Random random) {
        double[][] points = new double[candidates.size()][];
        for (int i = 0; i < points.length; i++) {
            points[i] = objectives(candidates.get(i), directions);
        }
        List<List<Integer>> fronts = NonDominatedSort.fronts(points, violations(candidates));
        List<Integer> selected = new ArrayList<>();
        List<List<Integer>> eliteFronts = new ArrayList<>();
        for (List<Integer> front : fronts) {
            int room = populationSize - selected.size();
            if (room <= 0) {
                break;
            }
            List<Integer> entering = front.size() <= room
                    ? front : lastFront.pick(points, selected, front, room, random);
            selected.addAll(entering);
            eliteFronts.add(entering);
        }
        double[] scores = lastFront.tournamentScores(points, eliteFronts);
        List<FrozenTrial> members = new ArrayList<>(selected.size());
        int[] ranks = new int[selected.size()];
        double[] memberScores = new double[selected.size()];
        int position = 0;
        for (int rank = 0; rank < eliteFronts.size(); rank++) {
            for (int index : eliteFronts.get(rank)) {
                members.add(candidates.get(index));
                ranks[position] = rank;
                memberScores[position] = scores[index];
                position++;
            }
        }
        return new Population(List.copyOf(members), ranks, memberScores);
    }

    /** Minimisation vector; NaN, which has no order, counts as the worst value. */
    static double[] objectives(FrozenTrial trial, List<StudyDirection> directions) {
        double[] v = Dominance.toMinimization(trial.values(), directions);
        for (int k = 0; k < v.length; k++) {
            if (Double.isNaN(v[k])) {
                v[k] = Double.POSITIVE_INFINITY;
            }
        }
        return v;
    }

    /**
     * Total violations, or null when constraints are ignored or no candidate reports any. Once some candidates
     * report constraints, one that reports none cannot be shown feasible and ranks behind all that do.
     */
    private double[] violations(List<FrozenTrial> candidates) {
        if (!constraints || candidates.stream().allMatch(t -> t.constraints().isEmpty())) {
            return null;
        }
        double[] v = new double[candidates.size()];
        for (int i = 0; i < v.length; i++) {
            FrozenTrial t = candidates.get(i);
            v[i] = t.constraints().isEmpty() ? Double.POSITIVE_INFINITY : t.constraintViolation();
        }
        return v;
    }
}
