package io.branchwise.search.host;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.events.Event;
import io.branchwise.events.EventSink;
import io.branchwise.events.EventType;
import io.branchwise.launcher.external.ExternalTrainers;
import io.branchwise.launcher.external.StudyLauncher;
import io.branchwise.plugin.SpecException;
import io.branchwise.search.Recommendation;
import io.branchwise.search.SearchException;
import io.branchwise.search.SearchResult;
import io.branchwise.search.SearchRunner;
import io.branchwise.search.SearchSetup;
import io.branchwise.search.spec.BoundTask;
import io.branchwise.search.spec.InvalidSpecException;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.storage.Storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs searches inside the server: each {@link SearchRunner} on a thread of its own (a search blocks for hours
 * and must not hold a shared worker), with the server's storage and {@link SearchSetup}. Running searches are
 * known by study id, so they can be stopped; all of them are stopped when the host closes. What a search does
 * becomes {@code search-*} events; its trials' events come from the storage itself.
 *
 * <p>At most one search runs per study name at a time: a second start (or a resume) of a name that is running is
 * refused rather than left to race the first one over the same study.
 */
public final class SearchHost implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SearchHost.class.getName());
    /** Opening a study is a few storage writes; far longer means something is wrong, not slow. */
    private static final Duration OPEN_LIMIT = Duration.ofSeconds(60);

    private final Storage storage;
    private final SearchSetup setup;
    private final EventSink events;
    private final Limits limits;
    private final Map<Long, SearchRunner> running = new ConcurrentHashMap<>();
    private final Set<String> names = new HashSet<>();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private boolean closed;

    /**
     * How much the host runs at once, so that callers cannot exhaust the machine: each trainer is a JVM with its
     * own heap and wants a core.
     *
     * @param maxSearches searches running at once; another start is refused as unavailable until one ends
     * @param maxParallel a search's {@code search.parallel} at most (trainer processes of one search)
     */
    public record Limits(int maxSearches, int maxParallel) {
        public Limits {
            if (maxSearches < 1 || maxParallel < 1) {
                throw new IllegalArgumentException("search limits must be at least 1, got " + maxSearches
                        + " searches and " + maxParallel + " trainers");
            }
        }

        /**
         * Trainer processes one search may run on this machine: one per core, and no more than the physical
         * memory holds at {@code trainerHeapBytes} each (plus as much again off the heap for ND4J).
         */
        public static int parallelFor(long trainerHeapBytes) {
            int cores = Runtime.getRuntime().availableProcessors();
            long memory = physicalMemoryBytes();
            int byMemory = memory <= 0 ? cores : (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                    memory / Math.max(1, 2 * trainerHeapBytes)));
            return Math.max(1, Math.min(cores, byMemory));
        }

        private static long physicalMemoryBytes() {
            if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getTotalMemorySize();
            }
            return -1;
        }
    }

    public SearchHost(Storage storage, SearchSetup setup, EventSink events, Limits limits) {
        this.limits = limits;
        this.storage = storage;
        this.setup = setup;
        this.events = events;
    }

    public PluginCatalog catalog() {
        return setup.catalog();
    }

    /** The plugin and data checks of a spec ({@link SearchSetup#bind}); loads the data, so call it off event loops. */
    public List<BoundTask> check(SearchSpec spec) {
        return setup.bind(spec);
    }

    /**
     * Checks the spec against the plugins and the data, starts the search on its own thread and returns once its
     * study is open. Blocks: call it off event loops.
     *
     * @throws io.branchwise.search.spec.InvalidSpecException with every problem of the spec
     * @throws SearchException when the study cannot be opened (a study of that name exists and {@code resume} is
     *                         false; resuming with a changed spec; a search of that name runs already)
     * @throws IllegalStateException when the host is closed
     */
    public SearchStart start(SearchSpec spec, boolean resume) throws InterruptedException {
        return start(spec, resume, null);
    }

    /**
     * {@link #start(SearchSpec, boolean)}, with the search's jobs queued for {@code external} trainers (which take
     * them over gRPC) instead of run by the setup's launcher; null runs them as usual.
     */
    public SearchStart start(SearchSpec spec, boolean resume, ExternalTrainers external) throws InterruptedException {
        if (spec.search().parallel() > limits.maxParallel()) {
            throw new InvalidSpecException(List.of(new SpecException("search.parallel", "this server runs at most "
                    + limits.maxParallel() + " trainer processes per search (its cores and memory; serve"
                    + " --max-parallel), got " + spec.search().parallel())));
        }
        StudyLauncher externalLauncher = external == null ? null : external.forStudy(spec.name());
        SearchSetup setup = externalLauncher == null ? this.setup : this.setup.withLauncher(externalLauncher);
        List<BoundTask> tasks = setup.bind(spec);
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the server is shutting down and starts no search");
            }
            if (names.size() >= limits.maxSearches() && !names.contains(spec.name())) {
                throw new IllegalStateException("this server runs at most " + limits.maxSearches() + " searches at"
                        + " once (serve --max-searches); wait for one to end or stop one");
            }
            if (!names.add(spec.name())) {
                throw new SearchException("a search of the study \"" + spec.name() + "\" is already running");
            }
        }
        CompletableFuture<SearchStart> opened = new CompletableFuture<>();
        SearchRunner[] runner = new SearchRunner[1];
        SearchEvents listener = new SearchEvents(events, (studyId, name) -> {
            if (externalLauncher != null) {
                externalLauncher.studyOpened(studyId); // before the search launches its first job
            }
            synchronized (this) {
                running.put(studyId, runner[0]);
                if (closed) {
                    runner[0].stop("the server is shutting down");
                }
            }
            opened.complete(new SearchStart(studyId, name));
        });
        runner[0] = setup.runner(spec, tasks, storage, resume, listener);
        Thread thread = new Thread(() -> run(spec.name(), runner[0], listener, opened), "search-" + spec.name());
        thread.setDaemon(true); // close() stops and waits for them; an abnormal exit must not hang on one
        threads.add(thread);
        try {
            thread.start();
        } catch (RuntimeException | Error e) {
            release(spec.name(), thread);
            throw e;
        }
        try {
            return opened.get(OPEN_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new SearchException("the search failed to start: " + e.getCause());
        } catch (TimeoutException e) {
            runner[0].stop("its study did not open within " + OPEN_LIMIT.toSeconds() + " s");
            throw new SearchException("the search did not open its study within " + OPEN_LIMIT.toSeconds()
                    + " s; it was stopped");
        }
    }

    private void run(String name, SearchRunner runner, SearchEvents listener,
                     CompletableFuture<SearchStart> opened) {
        try {
            finish(name, runner, listener, opened);
        } finally {
            // Whatever ended the thread (an Error included), the study and the name must not stay "running".
            running.remove(listener.studyId());
            release(name, Thread.currentThread());
        }
    }

    private void finish(String name, SearchRunner runner, SearchEvents listener,
                        CompletableFuture<SearchStart> opened) {
        String status;
        String reason;
        Recommendation recommendation = null;
        Map<String, Object> progress = null;
        try {
            SearchResult result = runner.run();
            status = result.status().name().toLowerCase(Locale.ROOT);
            reason = result.reason();
            recommendation = result.recommendation();
            progress = SearchEvents.progress(result.progress());
        } catch (InterruptedException e) {
            status = "stopped";
            reason = "interrupted";
        } catch (RuntimeException e) {
            if (!opened.isDone()) {
                opened.completeExceptionally(e);
                return;
            }
            LOG.log(e instanceof SearchException ? Level.INFO : Level.WARNING, "search " + name + " failed", e);
            status = "failed";
            reason = String.valueOf(e.getMessage());
        }
        long studyId = listener.studyId();
        // Forget it before telling anyone, so a watcher reacting to search-finished (a delete) sees it gone.
        running.remove(studyId);
        release(name, Thread.currentThread());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", status);
        data.put("reason", reason);
        data.put("progress", progress);
        data.put("recommendation", recommendation == null ? null : summary(recommendation));
        events.publish(new Event(EventType.SEARCH_FINISHED, studyId, data));
    }

    private static Map<String, Object> summary(Recommendation r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trial_number", r.trialNumber());
        m.put("layout", r.layout());
        m.put("delta_m", r.deltaM());
        m.put("within_tolerance", r.withinTolerance());
        return m;
    }

    private synchronized void release(String name, Thread thread) {
        names.remove(name);
        threads.remove(thread);
    }

    public boolean isRunning(long studyId) {
        return running.containsKey(studyId);
    }

    /** Stops the study's search cleanly (finished trials stay, running ones are interrupted); false when none runs. */
    public boolean stop(long studyId, String reason) {
        SearchRunner r = running.get(studyId);
        if (r == null) {
            return false;
        }
        r.stop(reason);
        return true;
    }

    /**
     * Runs {@code action} only while no search runs on the study, holding off searches that would start meanwhile
     * from registering; false, without running it, when one runs.
     */
    public synchronized boolean whileIdle(long studyId, Runnable action) {
        if (running.containsKey(studyId)) {
            return false;
        }
        action.run();
        return true;
    }

    /** Stops every search and waits up to {@code limit} for them to store what finished. */
    public void close(Duration limit) throws InterruptedException {
        List<Thread> waiting;
        synchronized (this) {
            closed = true;
            waiting = new ArrayList<>(threads);
        }
        running.values().forEach(r -> r.stop("the server is shutting down"));
        long deadline = System.nanoTime() + limit.toNanos();
        for (Thread t : waiting) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left > 0) {
                t.join(left);
            }
            if (t.isAlive()) {
                LOG.warning("search thread " + t.getName() + " did not stop within " + limit.toSeconds() + " s");
            }
        }
    }

    /** Stops every search and waits up to a minute (trainers get their stop grace, then are killed). */
    @Override
    public void close() throws InterruptedException {
        close(Duration.ofMinutes(1));
    }
}
