package io.branchwise.cli;

import io.branchwise.space.grouping.AffinityMatrix;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AffinityReportTest {
    @Test
    void smallAffinitiesStayReadableAndTheBestPartitionIsListedOncePerDistinctBudget() {
        // a ↔ b and c ↔ d help each other, the pairs slightly hurt each other. Every budget of 2 or more groups
        // picks {a,b}|{c,d}: each of a and b receives 2e-4, each of c and d 1e-4, so the score is 6e-4. Splitting a
        // pair further only loses (a task alone receives 0).
        double x = -1e-5;
        AffinityMatrix z = new AffinityMatrix(List.of("a", "b", "c", "d"), new double[][]{
                {3e-3, 2e-4, x, x},
                {2e-4, 3e-3, x, x},
                {x, x, 3e-3, 1e-4},
                {x, x, 1e-4, 3e-3}});
        List<String> lines = AffinityReport.lines(z);
        assertThat(lines.get(2)).startsWith("a").contains("3.00e-03", "2.00e-04", "-1.00e-05");
        List<String> groupings = lines.stream().filter(l -> l.startsWith("  at most")).toList();
        assertThat(groupings).containsExactly("  at most 2 groups: {a,b}|{c,d}  (score 6.000e-04)");
    }

    @Test
    void aLargerBudgetIsListedWhenItChangesThePartition() {
        // Three pairs that each help only themselves: two groups must merge two pairs, three keep them apart.
        double[][] m = new double[6][6];
        for (int i = 0; i < 6; i++) {
            m[i][i] = 1e-3;
            m[i][i ^ 1] = 1e-4;
        }
        List<String> groupings = AffinityReport.lines(new AffinityMatrix(List.of("a", "b", "c", "d", "e", "f"), m))
                .stream().filter(l -> l.startsWith("  at most")).toList();
        assertThat(groupings).hasSize(2);
        assertThat(groupings.get(1)).isEqualTo("  at most 3 groups: {a,b}|{c,d}|{e,f}  (score 6.000e-04)");
    }
}
