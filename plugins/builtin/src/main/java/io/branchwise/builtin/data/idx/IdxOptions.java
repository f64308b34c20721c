package io.branchwise.builtin.data.idx;

import io.branchwise.plugin.Options;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.DataRequest;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The idx source's options, resolved to files. See {@link IdxDataSource} for their meaning.
 *
 * @param preset      null for plain files
 * @param testImages  null when there is no test set (then {@code testLabels} is null too)
 * @param validation  rows when ≥ 1, a fraction of the training rows when below 1
 * @param limit       rows taken from the start of each file at most
 * @param missingHint how to obtain a missing file, for the error
 */
record IdxOptions(String name, IdxPreset preset, Path trainImages, Path trainLabels, Path testImages, Path testLabels,
                  double validation, int limit, String missingHint, Options source) {

    static final Set<String> KNOWN = Set.of("preset", "dir", "train_images", "train_labels", "test_images",
            "test_labels", "validation", "limit");
    private static final List<String> FILES = List.of("train_images", "train_labels", "test_images", "test_labels");
    /** Fashion-MNIST and MNIST hold out 10,000 of their 60,000 training images; the same share by default. */
    static final double DEFAULT_VALIDATION = 1.0 / 6;

    static IdxOptions from(DataRequest request) {
        Options o = request.options().requireOnly(KNOWN);
        double validation = validation(o);
        int limit = o.integer("limit", Integer.MAX_VALUE, 1);
        if (o.has("preset")) {
            return preset(o, request, validation, limit);
        }
        if (o.has("dir")) {
            throw new SpecException(o.path("dir"), "only used with a preset; give train_images, train_labels, … as paths");
        }
        Path trainImages = request.resolve(o.string("train_images"));
        Path trainLabels = request.resolve(o.string("train_labels"));
        if (o.has("test_images") != o.has("test_labels")) {
            String missing = o.has("test_images") ? "test_labels" : "test_images";
            throw new SpecException(o.path(missing), "required with " + (o.has("test_images") ? "test_images" : "test_labels"));
        }
        Path testImages = o.has("test_images") ? request.resolve(o.string("test_images")) : null;
        Path testLabels = o.has("test_labels") ? request.resolve(o.string("test_labels")) : null;
        String name = trainImages.getFileName().toString().replaceFirst("\\.gz$", "");
        return new IdxOptions(name, null, trainImages, trainLabels, testImages, testLabels, validation, limit, "", o);
    }

    private static IdxOptions preset(Options o, DataRequest request, double validation, int limit) {
        String name = o.string("preset");
        IdxPreset preset = IdxPreset.of(name);
        if (preset == null) {
            throw new SpecException(o.path("preset"), "unknown preset \"" + name + "\"; known: [fashion-mnist, mnist]");
        }
        for (String file : FILES) {
            if (o.has(file)) {
                throw new SpecException(o.path(file), "give either preset or the file paths, not both");
            }
        }
        String folder = o.string("dir", preset.defaultDirectory());
        if (folder == null) {
            throw new SpecException(o.path("dir"), "required by preset " + name + ": the folder holding the four IDX files");
        }
        Path dir = request.resolve(folder);
        return new IdxOptions(name, preset, IdxPreset.file(dir, "train", "images"), IdxPreset.file(dir, "train", "labels"),
                IdxPreset.file(dir, "t10k", "images"), IdxPreset.file(dir, "t10k", "labels"), validation, limit,
                preset.missingHint(), o);
    }

    private static double validation(Options o) {
        double v = o.number("validation", DEFAULT_VALIDATION);
        boolean rows = v >= 1 && v == Math.rint(v);
        if (!(rows || (v > 0 && v < 1))) {
            throw new SpecException(o.path("validation"), "must be a row count (an integer ≥ 1) or a fraction in (0, 1), got " + v);
        }
        return v;
    }

    /** Validation rows out of {@code trainRows}; fails when none would be left to train on. */
    int validationRows(int trainRows) {
        int rows = validation >= 1 ? (int) validation : Math.max(1, (int) Math.round(trainRows * validation));
        if (rows >= trainRows) {
            throw new SpecException(source.path("validation"), rows + " validation rows leave none of the " + trainRows
                    + " training rows to train on");
        }
        return rows;
    }
}
