package io.branchwise.search;

import io.branchwise.json.PlainJson;
import io.branchwise.storage.Storage;
import io.branchwise.trial.DataFingerprint;

import java.io.IOException;
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
 * spec (trainer, data and its options, the task, the training budget, the baseline network, the seed), the
 * folder relative data paths resolve against, the content of the data files ({@link DataFingerprint}) and the
 * trainer's code, so a baseline is reused exactly when retraining it would repeat the same run: an edited CSV or an
 * upgraded trainer is trained again. A task's
 * weight in Δm does not change its training and is left out.
 */
final class BaselineCache {
    /**
     * Bumped whenever what a baseline means changes, so older entries are never reused: 2 = the best validation
     * epoch's model (early stopping), where 1 was the last epoch's; 3 = entries carry their network and learning
     * rate (tuned baselines).
     */
    private static final int VERSION = 3;

    private final Storage storage;
    private final Path baseDirectory;
    private final String trainerVersion;
    /** Every baseline of a search reads the same data: its files are read once. */
    private String dataFingerprint;

    /** @param trainerVersion identifies the trainer's code ({@link io.branchwise.catalog.PluginCatalog#trainerVersion}) */
    BaselineCache(Storage storage, Path baseDirectory, String trainerVersion) {
        this.storage = storage;
        this.baseDirectory = baseDirectory;
        this.trainerVersion = trainerVersion;
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
        identity.put("data_content", dataFingerprint(trial.get("data")));
        identity.put("trainer_version", trainerVersion);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(PlainJson.write(canonical(identity)).getBytes(StandardCharsets.UTF_8));
            return "stl-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @SuppressWarnings("unchecked")
    private String dataFingerprint(Object data) {
        if (dataFingerprint == null) {
            Object options = data instanceof Map<?, ?> m ? m.get("options") : null;
            try {
                dataFingerprint = DataFingerprint.of(options instanceof Map<?, ?> o ? (Map<String, Object>) o : Map.of(),
                        baseDirectory);
            } catch (IOException e) {
                // Unreadable now: the baselines will fail with the reason; nothing must match a stored one.
                dataFingerprint = "unreadable-" + java.util.UUID.randomUUID();
            }
        }
        return dataFingerprint;
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
