package io.branchwise.search;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.launcher.LocalTrainerLauncher;
import io.branchwise.launcher.TrainerLauncher;
import io.branchwise.plugin.data.DataAccess;
import io.branchwise.search.spec.BoundTask;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SpecCheck;
import io.branchwise.storage.Storage;

import java.nio.file.Path;
import java.util.List;

/**
 * What running a search needs besides its spec and its storage: the plugins the spec names, a launcher for its
 * trainers, and where their folders go. {@code branchwise run} and the server's search host both build their
 * runners here, so a spec runs the same way from the command line and from the REST API.
 */
public final class SearchSetup implements AutoCloseable {
    private final PluginCatalog catalog;
    private final TrainerLauncher launcher;
    private final Path workRoot;
    private final DataAccess dataAccess;
    private final AutoCloseable owned;

    /**
     * With a launcher the caller owns (tests inject in-process ones); {@link #close} leaves it alone.
     *
     * @param workRoot trial folders go under {@code workRoot/<study name>/}
     */
    public SearchSetup(PluginCatalog catalog, TrainerLauncher launcher, Path workRoot) {
        this(catalog, launcher, workRoot, DataAccess.anywhere(), null);
    }

    private SearchSetup(PluginCatalog catalog, TrainerLauncher launcher, Path workRoot, DataAccess dataAccess,
                        AutoCloseable owned) {
        this.catalog = catalog;
        this.launcher = launcher;
        this.workRoot = workRoot;
        this.dataAccess = dataAccess;
        this.owned = owned;
    }

    /** Trainers as child processes on this machine, each with {@code heap}, loading plugins from {@code pluginDirs}. */
    public static SearchSetup local(PluginCatalog catalog, List<Path> pluginDirs, String heap, Path workRoot) {
        LocalTrainerLauncher launcher = new LocalTrainerLauncher(
                LocalTrainerLauncher.Settings.defaults(pluginDirs).withHeap(heap));
        return new SearchSetup(catalog, launcher, workRoot, DataAccess.anywhere(), launcher);
    }

    /** The same plugins and folders with another launcher, which the caller owns (a search's external trainers). */
    public SearchSetup withLauncher(TrainerLauncher other) {
        return new SearchSetup(catalog, other, workRoot, dataAccess, null);
    }

    /**
     * The same setup reading data only as {@code access} allows (a server's data roots and limits); it shares this
     * one's launcher, which stays this one's to close.
     */
    public SearchSetup withDataAccess(DataAccess access) {
        return new SearchSetup(catalog, launcher, workRoot, access, null);
    }

    /** Starts trainer processes ahead of the first trainings ({@link TrainerLauncher#prestart}). */
    public void prestart(int processes) {
        launcher.prestart(processes);
    }

    public PluginCatalog catalog() {
        return catalog;
    }

    public Path workRoot() {
        return workRoot;
    }

    /**
     * The checks that need the plugins and the data ({@link SpecCheck}): the spec's tasks bound to the data, or an
     * {@link io.branchwise.search.spec.InvalidSpecException} with every problem. Loads the data, so it may take a
     * while.
     */
    public List<BoundTask> bind(SearchSpec spec) {
        return SpecCheck.bind(spec, catalog, dataAccess);
    }

    public SearchRunner runner(SearchSpec spec, List<BoundTask> tasks, Storage storage, boolean resume,
                               SearchListener listener) {
        // An external trainer's code is unknown: a fresh version each search means its baselines are never reused.
        String codeVersion = launcher.runsCatalogTrainers()
                ? catalog.codeVersion(spec.trainer(), spec.tasks().stream().map(t -> t.type()).toList())
                : "external-" + java.util.UUID.randomUUID();
        return new SearchRunner(spec, tasks, storage, launcher, workRoot, resume, listener, codeVersion);
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the trainer launcher failed: " + e.getMessage(), e);
            }
        }
    }
}
