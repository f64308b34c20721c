package io.branchwise.search;

import io.branchwise.json.PlainJson;
import io.branchwise.plugin.Options;
import io.branchwise.plugin.task.TaskDefinition;
import io.branchwise.storage.Storage;
import io.branchwise.trial.DataFingerprint;
import io.branchwise.trial.TrialSpec;
import io.branchwise.trial.TrialSpecWriter;

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
     * rate (tuned baselines); 4 = the key is the typed spec's JSON form, every training option written out.
     */
    private static final int VERSION = 4;

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

    Optional<Baseline> find(TrialSpec singleTask) {
        return storage.cachedBaseline(key(singleTask)).map(json -> Baseline.fromMap((Map<?, ?>) PlainJson.read(json)));
    }

    void put(TrialSpec singleTask, Baseline baseline) {
        storage.cacheBaseline(key(singleTask), PlainJson.write(baseline.toMap()));
    }

    String key(TrialSpec singleTask) {
        TaskDefinition task = singleTask.tasks().get(0);
        TaskDefinition unweighted = new TaskDefinition(task.name(), task.type(), task.targets(), task.metric(), 1.0,
                task.options());
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("version", VERSION);
        identity.put("base_directory", baseDirectory == null ? "" : baseDirectory.toAbsolutePath().normalize().toString());
        identity.put("trial", TrialSpecWriter.write(singleTask.withTasks(List.of(unweighted))));
        identity.put("data_content", dataFingerprint(singleTask.data().options()));
        identity.put("trainer_version", trainerVersion);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(PlainJson.write(canonical(identity)).getBytes(StandardCharsets.UTF_8));
            return "stl-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private String dataFingerprint(Options data) {
        if (dataFingerprint == null) {
            try {
                dataFingerprint = DataFingerprint.of(data.asMap(), baseDirectory);
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
