package io.branchwise.space.layout;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharingLayoutTest {

    @Test
    void factoriesPrintTheDocumentedCanonicalForms() {
        assertThat(SharingLayout.hardSharing(new Block(2, 256), List.of("c", "a", "b")))
                .hasToString("2x256[a,b,c]");
        assertThat(SharingLayout.taskSpecific(new Block(1, 64), List.of("b", "a")))
                .hasToString("0x0[1x64[a],1x64[b]]");
        SharingLayout grouped = SharingLayout.grouped(new Block(2, 256), List.of(
                new SharingLayout.GroupBranch(List.of("c"), new Block(1, 64)),
                new SharingLayout.GroupBranch(List.of("b", "a"), new Block(1, 128))));
        assertThat(grouped).hasToString("2x256[1x128[a,b],1x64[c]]");
    }

    @Test
    void taskAndGroupOrderDoNotChangeTheLayout() {
        SharingLayout one = SharingLayout.grouped(new Block(1, 32), List.of(List.of("x", "y"), List.of("z")), new Block(1, 16));
        SharingLayout two = SharingLayout.grouped(new Block(1, 32), List.of(List.of("z"), List.of("y", "x")), new Block(1, 16));
        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
    }

    @Test
    void depthZeroBranchesMergeIntoTheirParent() {
        SharingLayout viaIdentityBranches = SharingLayout.grouped(new Block(2, 64), List.of(List.of("a"), List.of("b")), Block.of(0, 128));
        assertThat(viaIdentityBranches).isEqualTo(SharingLayout.hardSharing(new Block(2, 64), List.of("a", "b")));
        assertThat(SharingLayout.parse("1x8[ 0x0[b, 0x0[a]] ]")).hasToString("1x8[a,b]");
    }

    @Test
    void parseRoundTripsEveryFactoryAndANestedTree() {
        List<SharingLayout> layouts = List.of(
                SharingLayout.hardSharing(new Block(3, 512), List.of("t1")),
                SharingLayout.hardSharing(Block.IDENTITY, List.of("a", "b")),
                SharingLayout.taskSpecific(new Block(2, 10), List.of("q", "p", "r")),
                SharingLayout.grouped(new Block(2, 256), List.of(List.of("a", "b"), List.of("c")), new Block(1, 128)),
                SharingLayout.parse("2x64[e,1x32[c,1x8[a],1x4[d]],2x16[b]]"));
        for (SharingLayout layout : layouts) {
            SharingLayout back = SharingLayout.parse(layout.toString());
            assertThat(back).isEqualTo(layout);
            assertThat(back.toString()).isEqualTo(layout.toString());
            assertThat(back.root()).isEqualTo(layout.root());
        }
        assertThat(SharingLayout.parse("2x64[e,1x32[c,1x8[a],1x4[d]],2x16[b]]"))
                .isEqualTo(SharingLayout.parse(" 2x64 [ 2x16[b], 1x32[1x4[d], c, 1x8[a]], e ]"));
    }

    @Test
    void validationRefusesDuplicatesEmptyBranchesAndBadBlocks() {
        assertThatThrownBy(() -> SharingLayout.parse("1x8[a,1x4[a]]")).hasMessageContaining("'a' has more than one head");
        assertThatThrownBy(() -> SharingLayout.parse("1x8[a,a]")).hasMessageContaining("more than one head");
        assertThatThrownBy(() -> SharingLayout.of(new LayoutNode(new Block(1, 8), new TreeSet<>(Set.of("a")),
                List.of(LayoutNode.leaf(new Block(1, 4), List.of()))))).hasMessageContaining("leads to no task head");
        assertThatThrownBy(() -> SharingLayout.hardSharing(new Block(1, 8), List.of())).hasMessageContaining("at least one task");
        assertThatThrownBy(() -> new Block(1, 0)).hasMessageContaining("width >= 1");
        assertThatThrownBy(() -> new Block(-1, 0)).hasMessageContaining("depth must be >= 0");
        assertThatThrownBy(() -> new Block(0, 5)).hasMessageContaining("depth-0");
        assertThatThrownBy(() -> SharingLayout.parse("1x0[a]")).hasMessageContaining("width >= 1");
        assertThatThrownBy(() -> SharingLayout.parse("1x8[a")).hasMessageContaining("expected ']'");
        assertThatThrownBy(() -> SharingLayout.parse("1x8[a] junk")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> SharingLayout.parse("1x8[]")).hasMessageContaining("task name");
        assertThatThrownBy(() -> SharingLayout.hardSharing(new Block(1, 8), List.of("has space"))).hasMessageContaining("must match");
    }

    @Test
    void requireTasksNamesWhatIsMissingAndExtra() {
        SharingLayout layout = SharingLayout.hardSharing(new Block(1, 8), List.of("a", "b"));
        assertThat(layout.requireTasks(List.of("b", "a"))).isSameAs(layout);
        assertThatThrownBy(() -> layout.requireTasks(List.of("a", "c")))
                .hasMessageContaining("missing [c]").hasMessageContaining("unexpected [b]");
    }

    @Test
    void parameterCountOfAGroupedLayoutByHand() {
        // input 10 → trunk 2x4 → {a,b}: 1x3 → heads a (2 outputs), b (1); {c}: depth 0 → head c (5) on the trunk.
        SharingLayout layout = SharingLayout.parse("2x4[c,1x3[a,b]]");
        ParameterCount count = layout.parameterCount(10, Map.of("a", 2, "b", 1, "c", 5));
        long trunk = (10 * 4 + 4) + (4 * 4 + 4);     // 44 + 20
        long branch = 4 * 3 + 3;                     // 15
        long headA = 3 * 2 + 2, headB = 3 * 1 + 1, headC = 4 * 5 + 5;
        assertThat(count.total()).isEqualTo(trunk + branch + headA + headB + headC);
        assertThat(count.bySharingSet()).containsEntry(new TreeSet<>(Set.of("a", "b", "c")), trunk)
                .containsEntry(new TreeSet<>(Set.of("a", "b")), branch);
        assertThat(count.shared()).isEqualTo(trunk + branch);
        assertThat(count.taskSpecific("a")).isEqualTo(headA);
        assertThat(count.taskSpecific("c")).isEqualTo(headC);
    }

    @Test
    void parameterCountOfTaskSpecificHasNothingShared() {
        SharingLayout layout = SharingLayout.taskSpecific(new Block(1, 5), List.of("a", "b"));
        ParameterCount count = layout.parameterCount(3, Map.of("a", 1, "b", 2));
        assertThat(count.shared()).isZero();
        assertThat(count.taskSpecific("a")).isEqualTo((3 * 5 + 5) + (5 + 1));
        assertThat(count.taskSpecific("b")).isEqualTo((3 * 5 + 5) + (5 * 2 + 2));
        assertThat(count.total()).isEqualTo(count.taskSpecific("a") + count.taskSpecific("b"));
        assertThatThrownBy(() -> layout.parameterCount(3, Map.of("a", 1))).hasMessageContaining("no head size for tasks [b]");
        assertThatThrownBy(() -> layout.parameterCount(0, Map.of("a", 1, "b", 1))).hasMessageContaining("input dimension");
    }

    @Test
    void aTaskCanBeGivenABranchOfItsOwnOrMovedBesideAnother() {
        SharingLayout grouped = SharingLayout.parse("1x64[1x32[a,b,c],1x32[d,e]]");
        assertThat(grouped.withTaskAlone("c", Block.of(1, 32)).toString()).isEqualTo("1x64[1x32[a,b],1x32[c],1x32[d,e]]");
        assertThat(grouped.withTaskBeside("c", "d").toString()).isEqualTo("1x64[1x32[a,b],1x32[c,d,e]]");
        assertThat(grouped.blockOf("d")).isEqualTo(Block.of(1, 32));
        assertThat(grouped.headsBeside("a")).containsExactly("a", "b", "c");

        SharingLayout hard = SharingLayout.parse("2x16[a,b,c]");
        assertThat(hard.withTaskAlone("b", Block.of(1, 16)).toString()).as("heads on the trunk: a new branch after it")
                .isEqualTo("2x16[a,c,1x16[b]]");
        SharingLayout single = SharingLayout.parse("1x8[1x8[a],1x8[b,c]]");
        assertThat(single.withTaskBeside("a", "b").toString()).as("a branch left without heads goes")
                .isEqualTo("1x8[1x8[a,b,c]]");
        assertThat(single.withTaskAlone("a", Block.of(1, 8))).as("already alone: the same network").isEqualTo(single);
        assertThatThrownBy(() -> grouped.withTaskAlone("z", Block.of(1, 8))).hasMessageContaining("task 'z' is not in");
        assertThatThrownBy(() -> grouped.withTaskBeside("a", "a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLayoutCanBeShownInATaskOrderOtherThanTheAlphabetsAndReadsBackTheSame() {
        SharingLayout layout = SharingLayout.parse("1x8[label10,1x4[label1,label2],1x4[label11,label3]]");
        List<String> order = List.of("label1", "label2", "label3", "label10", "label11");
        String shown = layout.toString(order);
        assertThat(shown).isEqualTo("1x8[label10,1x4[label1,label2],1x4[label3,label11]]");
        assertThat(SharingLayout.parse(shown)).isEqualTo(layout);
        assertThat(layout.toString()).as("the canonical form is unchanged")
                .isEqualTo("1x8[label10,1x4[label1,label2],1x4[label11,label3]]");
    }
}
