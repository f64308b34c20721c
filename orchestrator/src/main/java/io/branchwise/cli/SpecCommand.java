package io.branchwise.cli;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.json.PlainJson;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.DataAccess;
import io.branchwise.search.SearchException;
import io.branchwise.search.SearchRunner;
import io.branchwise.search.SearchSetup;
import io.branchwise.search.spec.BoundTask;
import io.branchwise.search.spec.InvalidSpecException;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SearchSpecReader;
import io.branchwise.search.spec.SpecCheck;
import io.branchwise.storage.StorageException;
import io.branchwise.storage.StorageFailure;
import io.branchwise.storage.h2.H2Storage;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * What the commands that train for a search spec share: reading and checking the spec, trainer processes started
 * while the data is checked, the database, Ctrl-C that stops the trainers cleanly, and the exit codes (2 for a bad
 * spec, 1 for a search or storage failure, 130 when stopped).
 */
abstract class SpecCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "The search spec (YAML or JSON).")
    private Path specFile;

    @Option(names = "--db", paramLabel = "FILE", defaultValue = "branchwise-data/branchwise",
            description = "The H2 database (default: ${DEFAULT-VALUE}).")
    private Path db;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON to FILE.")
    private Path json;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "branchwise-data/runs",
            description = "Where trainer folders (models, logs) go, under DIR/<study> (default: ${DEFAULT-VALUE}).")
    private Path work;

    @Option(names = "--heap", converter = MemorySizeConverter.class, defaultValue = "1g",
            description = "Each trainer process's heap (default: ${DEFAULT-VALUE}).")
    private String heap;

    @Mixin
    private PluginOptions plugins;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        SearchSpec spec;
        List<BoundTask> tasks;
        PluginCatalog catalog;
        SearchSetup setup = null;
        try {
            spec = SearchSpecReader.read(specFile);
            catalog = plugins.load(System.err);
            // Trainer processes start while the data is checked here and the database opens.
            setup = SearchSetup.local(catalog, plugins.directories(), heap, work);
            setup.prestart(spec.search().parallel());
            tasks = SpecCheck.bind(spec, catalog, DataAccess.anywhere());
        } catch (InvalidSpecException e) {
            closeQuietly(setup);
            System.err.println("branchwise " + name() + ": " + specFile + " has " + e.problems().size()
                    + (e.problems().size() == 1 ? " problem:" : " problems:"));
            e.problems().forEach(p -> System.err.println("  " + p.getMessage()));
            return 2;
        } catch (SpecException e) {
            closeQuietly(setup);
            System.err.println("branchwise " + name() + ": " + specFile + ": " + e.getMessage());
            return 2;
        }
        CountDownLatch done = new CountDownLatch(1);
        SearchRunner[] runner = new SearchRunner[1];
        Thread interrupt = new Thread(() -> {
            SearchRunner r = runner[0];
            if (r != null) {
                r.stop("stopped by Ctrl-C or a termination signal");
            }
            try {
                done.await(); // the main thread stores and prints what finished, then lets the JVM end
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "run-interrupt");
        Runtime.getRuntime().addShutdownHook(interrupt);
        try (SearchSetup owned = setup; H2Storage storage = H2Storage.open(db)) {
            ProgressDisplay display = new ProgressDisplay(out, spec.taskNames());
            runner[0] = owned.runner(spec, tasks, storage, resume(), display);
            return execute(spec, tasks, runner[0], out);
        } catch (SearchException | StorageException | StorageFailure e) {
            System.err.println("branchwise " + name() + ": " + e.getMessage());
            return 1;
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(interrupt);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C arrived: the hook is running and has just been released.
            }
        }
    }

    /** The subcommand's name, for messages. */
    abstract String name();

    boolean resume() {
        return false;
    }

    /** Does the command's work with a runner for the checked spec; returns the exit code. */
    abstract int execute(SearchSpec spec, List<BoundTask> tasks, SearchRunner runner, PrintStream out) throws Exception;

    /** Writes {@code value} as JSON to the {@code --json} file, when one was given. */
    void writeJson(Object value) throws java.io.IOException {
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(json, PlainJson.write(value) + "\n");
        }
    }

    Path database() {
        return db;
    }

    private static void closeQuietly(SearchSetup setup) {
        if (setup != null) {
            setup.close();
        }
    }
}
