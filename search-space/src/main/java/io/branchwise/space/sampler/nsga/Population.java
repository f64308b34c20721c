package io.branchwise.space.sampler.nsga;

import io.branchwise.space.study.FrozenTrial;

import java.util.List;

/**
 * The elite of one generation: the parents the next generation is bred from.
 *
 * @param members trials, in selection order
 * @param ranks   each member's non-dominated front (0 = best) among the candidates it was selected from
 * @param scores  the tie-break a binary tournament uses between members of equal rank; larger wins
 */
record Population(List<FrozenTrial> members, int[] ranks, double[] scores) {

    int size() {
        return members.size();
    }

    /** Index of the tournament winner between members {@code i} and {@code j}, or -1 on a full tie. */
    int better(int i, int j) {
        if (ranks[i] != ranks[j]) {
            return ranks[i] < ranks[j] ? i : j;
        }
        if (scores[i] != scores[j]) {
            return scores[i] > scores[j] ? i : j;
        }
        return -1;
    }
}
