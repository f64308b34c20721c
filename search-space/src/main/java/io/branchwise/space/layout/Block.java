package io.branchwise.space.layout;

/**
 * A stack of {@code depth} dense layers of {@code width} units each. Depth 0 is the identity (a head attached
 * directly to whatever feeds the block); its width is meaningless and is always 0, so equal networks have equal
 * blocks.
 */
public record Block(int depth, int width) {

    public static final Block IDENTITY = new Block(0, 0);

    public Block {
        if (depth < 0) {
            throw new IllegalArgumentException("a block's depth must be >= 0, got " + depth);
        }
        if (depth == 0 && width != 0) {
            throw new IllegalArgumentException("a depth-0 block has no width; use Block.of(0, w) or Block.IDENTITY");
        }
        if (depth > 0 && width < 1) {
            throw new IllegalArgumentException("a block of depth " + depth + " needs a width >= 1, got " + width);
        }
    }

    /** Like the constructor, but forgets the width of a depth-0 block instead of refusing it. */
    public static Block of(int depth, int width) {
        return depth == 0 ? IDENTITY : new Block(depth, width);
    }

    public boolean isIdentity() {
        return depth == 0;
    }

    /** Output size of the block given its input size. */
    public int outputDim(int inputDim) {
        return depth == 0 ? inputDim : width;
    }

    /** Weights and biases of the block's dense layers. */
    public long parameterCount(int inputDim) {
        if (depth == 0) {
            return 0;
        }
        long first = (long) inputDim * width + width;
        long rest = (long) (depth - 1) * ((long) width * width + width);
        return first + rest;
    }

    @Override
    public String toString() {
        return depth + "x" + width;
    }
}
