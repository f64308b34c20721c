package io.branchwise.storage;

import io.branchwise.space.distribution.CategoricalDistribution;
import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.distribution.DistributionJson;
import io.branchwise.space.json.JsonParser;
import io.branchwise.space.json.JsonSyntaxException;
import io.branchwise.space.study.StudyDirection;

import java.util.List;

/**
 * Checks of caller-supplied values, shared by every storage implementation so that all faces (gRPC, REST, the
 * search runner) refuse the same things with the same words. Nothing that fails here reaches the database.
 */
public final class StorageInput {
    /** Optuna's RDB storage indexes names up to this length; keeping the same limit keeps studies portable. */
    public static final int MAX_STUDY_NAME_LENGTH = 512;

    private StorageInput() {
    }

    public static void studyName(String name) {
        if (name == null || name.isEmpty()) {
            throw new StorageException.InvalidInput("study name must not be empty");
        }
        if (name.length() > MAX_STUDY_NAME_LENGTH) {
            throw new StorageException.InvalidInput("study name is " + name.length()
                    + " characters long; the limit is " + MAX_STUDY_NAME_LENGTH);
        }
        text("study name", name);
    }

    /**
     * Refuses text that is not valid Unicode (a lone UTF-16 surrogate, which JSON's {@code \ud800} escape can
     * carry in): it cannot be written as UTF-8, so strict JSON parsers and Optuna's protobuf decoding of every
     * later answer holding it would fail.
     */
    public static void text(String what, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new StorageException.InvalidInput(what + " is not valid Unicode: a lone UTF-16 surrogate at"
                        + " character " + i);
            }
        }
    }

    /**
     * A categorical parameter's internal value is an index into its choices; one outside them is stored fine
     * but breaks every Optuna client that later decodes the trial, so it is refused here.
     */
    public static void parameterValue(String paramName, double internal, Distribution distribution) {
        if (distribution instanceof CategoricalDistribution categorical && !categorical.contains(internal)) {
            throw new StorageException.InvalidInput("parameter \"" + paramName + "\": " + internal
                    + " is not a choice index of its categorical distribution (0 to "
                    + (categorical.choices().size() - 1) + ")");
        }
    }

    /** A finished trial's values, when given, are one per objective of its study, as Optuna reads them back. */
    public static void values(String trial, int given, int directions) {
        if (given != 0 && given != directions) {
            throw new StorageException.InvalidInput(trial + " got " + given
                    + (given == 1 ? " value" : " values") + "; its study has " + directions
                    + (directions == 1 ? " objective" : " objectives"));
        }
    }

    public static void directions(List<StudyDirection> directions) {
        if (directions == null || directions.isEmpty()) {
            throw new StorageException.InvalidInput("a study needs at least one direction");
        }
    }

    /** Attribute values are Python json.dumps text (NaN/Infinity allowed); anything else would break readers. */
    public static void attributeJson(String what, String key, String json) {
        if (key == null) {
            throw new StorageException.InvalidInput(what + " key must not be null");
        }
        text(what + " key", key);
        text("value of " + what, json);
        try {
            JsonParser.parse(json);
        } catch (JsonSyntaxException e) {
            throw new StorageException.InvalidInput(
                    "value of " + what + " \"" + key + "\" is not valid JSON: " + e.getMessage());
        }
    }

    public static Distribution distribution(String paramName, String json) {
        text("parameter name", paramName);
        try {
            return DistributionJson.parse(json);
        } catch (IllegalArgumentException e) {
            throw new StorageException.InvalidInput(
                    "distribution of parameter \"" + paramName + "\" is invalid: " + e.getMessage());
        }
    }

    public static void datetime(String field, String text) {
        if (text != null && !PythonDatetime.isValid(text)) {
            throw new StorageException.InvalidInput(field + " \"" + text
                    + "\" is not a datetime in the format YYYY-MM-DD HH:MM:SS.ffffff");
        }
    }
}
