package io.branchwise.search;

import io.branchwise.launcher.PlainJson;
import io.branchwise.storage.Storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Single-task baselines kept in the storage across studies. The key is a digest of the baseline's whole trial
 * spec (trainer, data and its options, the task, the training budget, the baseline network, the seed) and the
 * folder relative data paths resolve against, so a baseline is reused exactly when retraining it would repeat
 * the same run. A task's weight in Δm does not change its training and is left out.
 */
final class BaselineCache {
    private static final int VERSION = 1;

    private final Storage storage;
    private final Path baseDirectory;

    BaselineCache(Storage storage, Path baseDirectory) {
        this.storage = storage;
        this.baseDirectory = baseDirectory;
    }

    Optional<Baseline> find(Map<String, Object> singleTaskSpec) {
        return storage.cachedBaseline(key(singleTaskSpec)).map(json -> Baseline.fromMap((Map<?, ?>) PlainJson.read(json)));
    }

    void put(Map<String, Object> singleTaskSpec, Baseline baseline) {
        storage.cacheBaseline(key(singleTaskSpec), PlainJson.write(baseline.toMap()));
    }

    String key(Map<String, Object> singleTaskSpec) {
        Map<String, Object> trial = new LinkedHashMap<>(singleTaskSpec);
        List<?> tasks = (List<?>) trial.get("tasks");
        Map<Object, Object> task = new LinkedHashMap<>((Map<?, ?>) tasks.get(0));
        task.remove("weight");
        trial.put("tasks", List.of(task));
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("version", VERSION);
        identity.put("base_directory", baseDirectory == null ? "" : baseDirectory.toAbsolutePath().normalize().toString());
        identity.put("trial", trial);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(PlainJson.write(canonical(identity)).getBytes(StandardCharsets.UTF_8));
            return "stl-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Maps with sorted keys, recursively, so the order a user wrote options in does not change the key. */
    static Object canonical(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(BaselineCache::canonical).toList();
        }
        return value;
    }
}
