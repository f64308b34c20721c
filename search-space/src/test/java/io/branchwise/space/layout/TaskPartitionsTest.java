package io.branchwise.space.layout;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskPartitionsTest {

    @Test
    void bellNumbers() {
        long[] bell = {1, 1, 2, 5, 15, 52, 203, 877, 4140, 21147, 115975, 678570, 4213597};
        for (int n = 0; n < bell.length; n++) {
            assertThat(TaskPartitions.bell(n)).as("Bell(%d)", n).isEqualTo(bell[n]);
        }
    }

    @Test
    void blockLimitGivesSumsOfStirlingNumbers() {
        // S(5,1)+S(5,2) = 1 + 15; S(5,1)+S(5,2)+S(5,3) = 1 + 15 + 25
        assertThat(new TaskPartitions(5, 1).count()).isEqualTo(1);
        assertThat(new TaskPartitions(5, 2).count()).isEqualTo(16);
        assertThat(new TaskPartitions(5, 3).count()).isEqualTo(41);
        assertThat(new TaskPartitions(5, 99).count()).isEqualTo(52);
    }

    @Test
    void indexAndPartitionAreInversesAndEnumerationMatchesGet() {
        for (int blocks = 1; blocks <= 6; blocks++) {
            TaskPartitions partitions = new TaskPartitions(6, blocks);
            List<int[]> seen = new ArrayList<>();
            partitions.forEach(labels -> seen.add(labels.clone()));
            assertThat(seen).hasSize((int) partitions.count());
            Set<String> distinct = new HashSet<>();
            for (int i = 0; i < seen.size(); i++) {
                int[] p = seen.get(i);
                assertThat(partitions.get(i)).isEqualTo(p);
                assertThat(partitions.indexOf(p)).isEqualTo(i);
                assertThat(Arrays.stream(p).max().orElse(0)).isLessThan(blocks);
                assertThat(TaskPartitions.canonical(p)).isEqualTo(p);
                distinct.add(Arrays.toString(p));
                if (i > 0) {
                    assertThat(Arrays.compare(seen.get(i - 1), p)).isNegative();
                }
            }
            assertThat(distinct).hasSize(seen.size());
        }
    }

    @Test
    void canonicalOrderStartsWithOneBlockAndEndsWithSingletons() {
        TaskPartitions partitions = new TaskPartitions(3);
        assertThat(partitions.get(0)).containsExactly(0, 0, 0);
        assertThat(partitions.get(4)).containsExactly(0, 1, 2);
        assertThatThrownBy(() -> partitions.get(5)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void indexOfAcceptsAnyLabellingAndRefusesTooManyBlocks() {
        TaskPartitions partitions = new TaskPartitions(4, 2);
        assertThat(partitions.indexOf(new int[]{7, 3, 7, 3})).isEqualTo(partitions.indexOf(new int[]{0, 1, 0, 1}));
        assertThatThrownBy(() -> partitions.indexOf(new int[]{0, 1, 2, 0})).hasMessageContaining("more than 2 blocks");
        assertThatThrownBy(() -> partitions.indexOf(new int[]{0})).hasMessageContaining("1 labels for 4 tasks");
    }

    @Test
    void zeroAndOneTask() {
        assertThat(new TaskPartitions(0).count()).isEqualTo(1);
        assertThat(new TaskPartitions(0).get(0)).isEmpty();
        assertThat(new TaskPartitions(1).get(0)).containsExactly(0);
    }

    @Test
    void tooManyPartitionsForALongIsRefused() {
        assertThatThrownBy(() -> new TaskPartitions(40)).hasMessageContaining("too many partitions");
        assertThat(new TaskPartitions(40, 2).count()).isEqualTo((1L << 39)); // S(40,1)+S(40,2) = 1 + 2^39 - 1
    }

    @Test
    void formatIsOrderFreeAndParsesBack() {
        List<String> tasks = List.of("c", "a", "b");
        int[] labels = {0, 1, 0};
        assertThat(TaskPartitions.format(tasks, labels)).isEqualTo("{a}|{b,c}");
        assertThat(TaskPartitions.parse(tasks, "{b,c}|{a}")).containsExactly(0, 1, 0);
        assertThat(TaskPartitions.parse(tasks, " { a } | {c , b} ")).containsExactly(0, 1, 0);
        assertThatThrownBy(() -> TaskPartitions.parse(tasks, "{a}|{b}")).hasMessageContaining("leaves out task 'c'");
        assertThatThrownBy(() -> TaskPartitions.parse(tasks, "{a,b}|{b,c}")).hasMessageContaining("twice");
        assertThatThrownBy(() -> TaskPartitions.parse(tasks, "{a,b,z}|{c}")).hasMessageContaining("unknown task 'z'");
        assertThatThrownBy(() -> TaskPartitions.parse(tasks, "a,b,c")).hasMessageContaining("is not {t1,t2,...}");
    }
}
