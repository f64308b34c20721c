package io.branchwise.storage.h2;

import io.branchwise.space.distribution.Distribution;
import io.branchwise.storage.StorageInput;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Distributions parsed from their JSON text, remembered by text. Every SetTrialParameter parses the incoming
 * distribution and the one recorded for the study; a study uses the same few texts thousands of times. Bounded,
 * least recently used first out. Not thread-safe; the storage lock guards it.
 */
final class ParsedDistributions {
    private static final int CAPACITY = 4096;

    private final Map<String, Distribution> byText = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Distribution> eldest) {
            return size() > CAPACITY;
        }
    };

    /** The parsed distribution; invalid text is refused by {@link StorageInput#distribution} and not remembered. */
    Distribution parse(String paramName, String json) {
        if (json == null) {
            return StorageInput.distribution(paramName, null);
        }
        Distribution known = byText.get(json);
        if (known == null) {
            known = StorageInput.distribution(paramName, json);
            byText.put(json, known);
        }
        return known;
    }
}
