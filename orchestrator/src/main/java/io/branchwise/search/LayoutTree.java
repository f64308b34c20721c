package io.branchwise.search;

import io.branchwise.space.layout.LayoutNode;
import io.branchwise.space.layout.SharingLayout;

import java.util.List;

/**
 * A sharing layout drawn as a tree for people:
 * <pre>
 * input
 * └─ 2x64 shared by a, b, c, d
 *    ├─ 1x32 → heads a, b
 *    └─ 1x32 → heads c, d
 * </pre>
 */
public final class LayoutTree {
    private LayoutTree() {
    }

    public static String render(SharingLayout layout) {
        StringBuilder out = new StringBuilder("input");
        LayoutNode root = layout.root();
        if (root.block().isIdentity()) {
            if (!root.heads().isEmpty()) {
                out.append(" → heads ").append(String.join(", ", root.heads()));
            }
            children(root.children(), "", out);
        } else {
            node(root, "", true, out);
        }
        return out.toString();
    }

    private static void node(LayoutNode node, String indent, boolean last, StringBuilder out) {
        out.append('\n').append(indent).append(last ? "└─ " : "├─ ").append(node.block());
        if (node.children().isEmpty()) {
            out.append(" → heads ").append(String.join(", ", node.heads()));
        } else {
            out.append(" shared by ").append(String.join(", ", node.tasks()));
            if (!node.heads().isEmpty()) {
                out.append("; heads ").append(String.join(", ", node.heads()));
            }
        }
        children(node.children(), indent + (last ? "   " : "│  "), out);
    }

    private static void children(List<LayoutNode> children, String indent, StringBuilder out) {
        for (int i = 0; i < children.size(); i++) {
            node(children.get(i), indent, i == children.size() - 1, out);
        }
    }
}
