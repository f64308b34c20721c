package io.branchwise.trial;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.plugin.data.DataRequest;
import io.branchwise.plugin.data.Dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The last data set a warm trainer process loaded, reused while the spec asks for the same data and the files it
 * names are unchanged: a search's baselines, references and trials all read one table, so the process parses it
 * once instead of once per training.
 *
 * <p>The key is the data source, its options, the data seed and the base folder. The files are those the options
 * name ({@link DataFingerprint#namedFiles}), stamped with size, modification time and file identity (inode): an
 * edited or replaced file is read again. Only one data set is kept — a search uses one, and two large ones need not fit in
 * the trainer's heap at once. Data sets are shared between trainings, so trainers must treat them as read-only
 * (they do: every trainer copies splits into its own buffers).
 */
public final class DataCache {
    private record Key(String source, Map<String, Object> options, long seed, Path baseDirectory) {
    }

    private record Stamp(Path file, long size, long modified, Object identity) {
        static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(file, a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.fileKey());
            } catch (IOException e) {
                return new Stamp(file, -1, -1, null);
            }
        }

        boolean unchanged() {
            return equals(of(file));
        }
    }

    private record Entry(Key key, List<Stamp> files, Dataset data) {
    }

    private Entry last;
    private int loads;

    /** The spec's data set, from the cache when its key and files are unchanged. */
    public synchronized Dataset load(TrialSpec spec, PluginCatalog catalog) throws IOException {
        Key key = new Key(spec.data().source(), spec.data().options().asMap(), spec.seed(), spec.baseDirectory());
        if (last != null && last.key().equals(key) && last.files().stream().allMatch(Stamp::unchanged)) {
            return last.data();
        }
        last = null; // let the old data set go before the new one is read
        // Stamped before reading: a file edited while it is read fails the next check instead of being trusted.
        List<Stamp> files = new ArrayList<>();
        for (Path f : DataFingerprint.namedFiles(key.options(), spec.baseDirectory())) {
            files.add(Stamp.of(f));
        }
        Dataset data = catalog.dataSource(spec.data().source())
                .load(new DataRequest(spec.data().options(), spec.seed(), spec.baseDirectory()));
        loads++;
        last = new Entry(key, List.copyOf(files), data);
        return data;
    }

    /** How many times a data source was asked to load (the rest came from the cache). */
    public synchronized int loads() {
        return loads;
    }
}
