package io.branchwise.storage;

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
        try {
            JsonParser.parse(json);
        } catch (JsonSyntaxException e) {
            throw new StorageException.InvalidInput(
                    "value of " + what + " \"" + key + "\" is not valid JSON: " + e.getMessage());
        }
    }

    public static Distribution distribution(String paramName, String json) {
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
