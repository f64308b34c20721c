package io.branchwise.builtin.data.idx;

import io.branchwise.builtin.data.RowOrder;
import io.branchwise.builtin.data.Seeds;
import io.branchwise.plugin.data.DataFormatException;
import io.branchwise.plugin.data.DataLimits;
import io.branchwise.plugin.data.DataRequest;
import io.branchwise.plugin.data.DataSource;
import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.data.TargetColumn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code idx}: images and labels in IDX files (the MNIST format), raw or gzip-compressed. Pixels become features
 * {@code px0, px1, …} scaled to [0, 1]; the label becomes the target {@code label}, plus the preset's derived
 * targets.
 *
 * <p>Options:
 * <ul>
 *   <li>{@code preset}: {@code fashion-mnist} (reads {@code /usr/share/datasets/fashion-mnist}, from the Debian
 *       package {@code dataset-fashion-mnist}; adds {@code coarse} with 4 classes — tops, trouser, footwear, bag —
 *       and binary {@code footwear}) or {@code mnist} (adds binary {@code parity}, 1 = odd, and {@code ge5},
 *       1 = digit ≥ 5). Both have 10 label classes.</li>
 *   <li>{@code dir}: the folder of the preset's four files ({@code train-images-idx3-ubyte},
 *       {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each
 *       raw or {@code .gz}); required for {@code mnist}, defaults to the Debian folder for {@code fashion-mnist}.</li>
 *   <li>Without a preset: {@code train_images}, {@code train_labels} (required), {@code test_images},
 *       {@code test_labels} (optional, together): paths relative to the spec's folder. The label has as many
 *       classes as its largest value + 1.</li>
 *   <li>{@code validation}: rows held out of the training files for validation, as a count (≥ 1) or a fraction;
 *       default 1/6 (10,000 of 60,000). Which rows is a seeded random choice.</li>
 *   <li>{@code limit}: use at most this many rows from the start of each file (for quick runs and tests). Image
 *       files are then read only that far, so damage further into them goes unnoticed.</li>
 * </ul>
 * The test split is the test files in file order (empty without test files). Paths given in the options are
 * checked against the request's data roots before they are opened; the sizes the files' headers claim are checked
 * against its limits before anything is allocated.
 */
public final class IdxDataSource implements DataSource {
    @Override
    public String name() {
        return "idx";
    }

    @Override
    public String description() {
        return "IDX image and label files (MNIST format); presets fashion-mnist and mnist with derived targets";
    }

    @Override
    public Dataset load(DataRequest request) throws IOException {
        IdxOptions options = IdxOptions.from(request);
        DataLimits limits = request.limits();
        String hint = options.missingHint();
        // Images are read only as far as the limit; labels whole, so the class count does not depend on the limit.
        IdxFile trainImages = images(IdxFile.read(options.trainImages(), hint, options.limit(), limits));
        IdxFile trainLabels = labels(IdxFile.read(options.trainLabels(), hint, Integer.MAX_VALUE, limits), trainImages);
        IdxFile testImages = null;
        IdxFile testLabels = null;
        if (options.testImages() != null) {
            testImages = images(IdxFile.read(options.testImages(), hint, options.limit(), limits));
            testLabels = labels(IdxFile.read(options.testLabels(), hint, Integer.MAX_VALUE, limits), testImages);
            if (testImages.itemSize() != trainImages.itemSize()) {
                throw new DataFormatException(testImages.name(), 0, "images of shape " + testImages.shape()
                        + " do not match the training images' " + trainImages.shape());
            }
        }
        // Each file was within the limit; the data set is both of them, as floats.
        limits.checkCells(options.source().path(), "images (train and test) × pixels",
                (long) trainImages.loaded() + (testImages == null ? 0 : testImages.loaded()), trainImages.itemSize());
        int classes = classes(options, trainLabels, testLabels);
        List<DerivedTarget> derived = options.preset() == null ? List.of() : options.preset().derived();

        int trainRows = trainImages.loaded();
        int validationRows = options.validationRows(trainRows);
        int[] order = RowOrder.shuffled(trainRows, Seeds.derive(request.seed(), 0));
        int testRows = testImages == null ? 0 : testImages.loaded();
        int[] testOrder = new int[testRows];
        for (int i = 0; i < testRows; i++) {
            testOrder[i] = i;
        }

        Map<String, TargetColumn> targets = new LinkedHashMap<>();
        targets.put("label", TargetColumn.categorical("label", classes));
        derived.forEach(d -> targets.put(d.name(), TargetColumn.categorical(d.name(), d.classes())));
        List<String> features = new ArrayList<>();
        for (int i = 0; i < trainImages.itemSize(); i++) {
            features.add("px" + i);
        }
        return new Dataset(options.name(), features, targets,
                split(trainImages, trainLabels, derived, order, validationRows, trainRows),
                split(trainImages, trainLabels, derived, order, 0, validationRows),
                testImages == null ? empty(trainImages.itemSize(), targets)
                        : split(testImages, testLabels, derived, testOrder, 0, testRows));
    }

    private static IdxFile images(IdxFile f) throws DataFormatException {
        if (f.dimensions().length < 2) {
            throw new DataFormatException(f.name(), 0, "expected images (2 or more dimensions), found shape " + f.shape());
        }
        if (f.count() == 0 || f.itemSize() == 0) {
            throw new DataFormatException(f.name(), 0, "holds no image data (shape " + f.shape() + ")");
        }
        return f;
    }

    private static IdxFile labels(IdxFile f, IdxFile images) throws DataFormatException {
        if (f.dimensions().length != 1) {
            throw new DataFormatException(f.name(), 0, "expected labels (1 dimension), found shape " + f.shape());
        }
        if (f.count() != images.count()) {
            throw new DataFormatException(f.name(), 0, f.count() + " labels, but " + images.name() + " holds "
                    + images.count() + " images");
        }
        return f;
    }

    /** The preset's class count (checking every label fits), or the largest label + 1 for plain files. */
    private static int classes(IdxOptions options, IdxFile train, IdxFile test) throws DataFormatException {
        int max = 0;
        for (IdxFile f : test == null ? List.of(train) : List.of(train, test)) {
            for (int i = 0; i < f.count(); i++) {
                int label = f.value(i);
                if (options.preset() != null && label >= IdxPreset.CLASSES) {
                    throw new DataFormatException(f.name(), 0, "the label of item " + i + " (counting from 0) is not a"
                            + " class of " + options.preset().specName() + " (0.." + (IdxPreset.CLASSES - 1) + ")");
                }
                max = Math.max(max, label);
            }
        }
        if (options.preset() != null) {
            return IdxPreset.CLASSES;
        }
        if (max == 0) {
            throw new DataFormatException(train.name(), 0, "every label is the same class; a label target needs at least 2");
        }
        return max + 1;
    }

    private static Split split(IdxFile images, IdxFile labels, List<DerivedTarget> derived, int[] order, int from, int to) {
        int size = images.itemSize();
        int rows = to - from;
        float[] x = new float[rows * size];
        float[] label = new float[rows];
        float[][] extra = new float[derived.size()][rows];
        for (int i = 0; i < rows; i++) {
            int item = order[from + i];
            int base = item * size;
            for (int p = 0; p < size; p++) {
                x[i * size + p] = images.value(base + p) / 255f;
            }
            int l = labels.value(item);
            label[i] = l;
            for (int d = 0; d < derived.size(); d++) {
                extra[d][i] = derived.get(d).map().applyAsInt(l);
            }
        }
        Map<String, float[]> y = new LinkedHashMap<>();
        y.put("label", label);
        for (int d = 0; d < derived.size(); d++) {
            y.put(derived.get(d).name(), extra[d]);
        }
        return new Split(rows, size, x, y);
    }

    private static Split empty(int features, Map<String, TargetColumn> targets) {
        Map<String, float[]> y = new LinkedHashMap<>();
        targets.keySet().forEach(t -> y.put(t, new float[0]));
        return new Split(0, features, new float[0], y);
    }
}
