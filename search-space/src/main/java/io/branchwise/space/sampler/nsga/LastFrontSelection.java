package io.branchwise.space.sampler.nsga;

import java.util.List;
import java.util.Random;

/**
 * What tells NSGA-II from NSGA-III: how survivors are picked from the front that does not fit into the elite
 * whole, and how a tournament breaks ties between parents of equal rank. Points are minimisation vectors (NaN
 * already mapped to +∞).
 */
interface LastFrontSelection {

    /**
     * @param selected  indices already in the elite (the better fronts)
     * @param lastFront indices of the front that overflows
     * @param count     how many of {@code lastFront} survive, 0 < count < lastFront.size()
     * @return the survivors, a subset of {@code lastFront}
     */
    List<Integer> pick(double[][] points, List<Integer> selected, List<Integer> lastFront, int count, Random random);

    /** One tie-break score per point (larger wins), given the elite's fronts; points outside them are ignored. */
    double[] tournamentScores(double[][] points, List<List<Integer>> eliteFronts);
}
