package io.branchwise.grpc;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.launcher.MalformedMessageException;
import io.branchwise.launcher.external.Assignment;
import io.branchwise.launcher.external.ExternalTrainers;
import io.branchwise.launcher.external.TicketException;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.data.DataAccess;
import io.branchwise.proto.search.*;
import io.branchwise.search.SearchException;
import io.branchwise.search.SearchStudy;
import io.branchwise.search.TrialAttributes;
import io.branchwise.search.host.SearchHost;
import io.branchwise.search.host.SearchStart;
import io.branchwise.search.spec.InvalidSpecException;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SearchSpecReader;
import io.branchwise.search.spec.SpecCheck;
import io.branchwise.space.distribution.Distribution;
import io.branchwise.storage.Storage;
import io.branchwise.storage.query.TrialOrder;
import io.branchwise.storage.query.TrialPage;
import io.branchwise.storage.query.TrialPageRequest;
import io.branchwise.storage.query.TrialSortKey;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.StatusException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;

/**
 * {@code branchwise.SearchService}: searches started, stopped and read back over gRPC, and the Ask / Report / Tell
 * calls through which trainers outside the server train a search's jobs ({@link ExternalTrainers}).
 *
 * <p>Where the work runs: storage calls queue on the storage thread the Optuna service uses; checking and starting
 * a spec (which loads its data) runs on Vert.x's worker pool; Ask, Report and Tell touch only memory and answer on
 * the event loop, their long polls as futures that a job, a stop or a timer completes. A client that cancels a
 * long poll withdraws it, so no job is handed to a caller that has gone.
 */
public final class SearchGrpcService extends SearchServiceGrpcService {
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    private final Vertx vertx;
    private final WorkerExecutor storageThread;
    private final Storage storage;
    private final SearchHost host;
    private final PluginCatalog catalog;
    private final ExternalTrainers external;
    private final Path specDirectory;
    private final DataAccess dataAccess;

    /**
     * @param host          runs started searches; null on a server that hosts none (starting one is UNAVAILABLE)
     * @param catalog       the plugins specs are checked against
     * @param specDirectory relative paths in a spec (data files) resolve against it
     * @param dataAccess    where a spec's data may be read (the server's data roots) and how much
     */
    public SearchGrpcService(Vertx vertx, Storage storage, SearchHost host, PluginCatalog catalog,
                             ExternalTrainers external, Path specDirectory, DataAccess dataAccess) {
        this.vertx = vertx;
        this.storageThread = vertx.createSharedWorkerExecutor(OptunaStorageService.STORAGE_THREAD, 1);
        this.storage = storage;
        this.host = host;
        this.catalog = catalog;
        this.external = external;
        this.specDirectory = specDirectory;
        this.dataAccess = dataAccess;
    }

    /** As {@link OptunaStorageService#bind}: every call is answered only after its request has ended. */
    @Override
    public void bind(GrpcServer server) {
        unary(server, ValidateSpec, (r, c) -> validateSpec(r));
        unary(server, StartSearch, (r, c) -> startSearch(r));
        unary(server, StopSearch, (r, c) -> stopSearch(r));
        unary(server, ListStudies, (r, c) -> listStudies(r));
        unary(server, GetStudy, (r, c) -> getStudy(r));
        unary(server, DeleteStudy, (r, c) -> deleteStudy(r));
        unary(server, ListTrials, (r, c) -> listTrials(r));
        unary(server, GetAffinity, (r, c) -> getAffinity(r));
        unary(server, GetRecommendation, (r, c) -> getRecommendation(r));
        unary(server, Ask, this::ask);
        unary(server, Report, this::report);
        unary(server, Tell, (r, c) -> tell(r));
    }

    /** Where a long poll registers what to withdraw when its client cancels the call. */
    static final class Cancellation {
        private CompletableFuture<?> pending;
        private boolean cancelled;

        synchronized void onCancel(CompletableFuture<?> f) {
            pending = f;
            if (cancelled) {
                f.cancel(false);
            }
        }

        synchronized void cancel() {
            cancelled = true;
            if (pending != null) {
                pending.cancel(false);
            }
        }
    }

    private static <Req, Resp> void unary(GrpcServer server, ServiceMethod<Req, Resp> method,
                                          BiFunction<Req, Cancellation, Future<Resp>> implementation) {
        String rpc = method.methodName();
        server.callHandler(method, request -> {
            Cancellation cancellation = new Cancellation();
            request.errorHandler(error -> cancellation.cancel());
            request.last().compose(r -> implementation.apply(r, cancellation))
                    .recover(error -> Future.failedFuture(status(rpc, error)))
                    .onComplete(answer -> {
                        if (answer.succeeded()) {
                            request.response().end(answer.result());
                        } else {
                            request.response().fail(answer.cause());
                        }
                    });
        });
    }

    private <T> Future<T> onStorage(Callable<T> work) {
        return storageThread.executeBlocking(work, false);
    }

    /** Checking a spec loads its data and starting one waits for its study to open: not on the storage thread. */
    private <T> Future<T> onWorker(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    private static <T> Future<T> completion(CompletableFuture<T> f, Context context) {
        return Future.fromCompletionStage(f, context);
    }

    static StatusException invalid(String field, String problem) {
        return new StatusException(GrpcStatus.INVALID_ARGUMENT, field + ": " + problem);
    }

    private static StatusException status(String rpc, Throwable error) {
        if (error instanceof CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        if (error instanceof StatusException s) {
            return s;
        }
        if (error instanceof TicketException.Unknown) {
            return new StatusException(GrpcStatus.NOT_FOUND, error.getMessage());
        }
        if (error instanceof TicketException.Ended || error instanceof SearchException
                || error instanceof SearchMessages.UnreadableResult) {
            return new StatusException(GrpcStatus.FAILED_PRECONDITION, error.getMessage());
        }
        if (error instanceof InvalidSpecException e) {
            List<String> problems = e.problems().stream().map(p -> (p.path().isEmpty() ? "" : p.path() + ": ")
                    + p.problem()).toList();
            return invalid("spec", problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                    + String.join("; ", problems));
        }
        return StorageStatus.of(rpc, error);
    }

    // ---- specs and hosted searches ------------------------------------------------------------------------

    @Override
    public Future<ValidateSpecReply> validateSpec(ValidateSpecRequest request) {
        requireFormat(request.getFormat());
        return onWorker(() -> {
            ValidateSpecReply.Builder reply = ValidateSpecReply.newBuilder();
            try {
                SpecCheck.bind(spec(request.getSpec(), request.getFormat()), catalog, dataAccess);
            } catch (InvalidSpecException e) {
                e.problems().forEach(p -> reply.addProblems(SpecProblem.newBuilder().setPath(p.path())
                        .setMessage(p.problem())));
            }
            return reply.build();
        });
    }

    /** The spec checked field by field; a spec sent as text must name its study (there is no file name). */
    private SearchSpec spec(String text, SpecFormat format) {
        try {
            return SearchSpecReader.fromMap(SpecText.read(text, format), specDirectory, null);
        } catch (SpecException e) {
            throw new InvalidSpecException(List.of(e));
        }
    }

    private static void requireFormat(SpecFormat format) {
        if (format == SpecFormat.UNRECOGNIZED) {
            throw invalid("format", "unknown format; use SPEC_FORMAT_YAML or SPEC_FORMAT_JSON");
        }
    }

    @Override
    public Future<StartSearchReply> startSearch(StartSearchRequest request) {
        requireFormat(request.getFormat());
        SearchHost searches = requireHost();
        return onWorker(() -> {
            SearchSpec spec = spec(request.getSpec(), request.getFormat());
            SearchStart started;
            try {
                started = searches.start(spec, request.getResume(), request.getExternalTrainers() ? external : null);
            } catch (IllegalStateException shuttingDown) {
                throw new StatusException(GrpcStatus.UNAVAILABLE, shuttingDown.getMessage());
            }
            return StartSearchReply.newBuilder().setStudyId(started.studyId()).setStudyName(started.studyName()).build();
        });
    }

    private SearchHost requireHost() {
        if (host == null) {
            throw new StatusException(GrpcStatus.UNAVAILABLE, "this server was started without search hosting");
        }
        return host;
    }

    @Override
    public Future<StopSearchReply> stopSearch(StopSearchRequest request) {
        long id = request.getStudyId();
        String reason = request.getReason().isBlank() ? "stopped over gRPC" : request.getReason();
        return onStorage(() -> {
            storage.study(id); // NOT_FOUND for an unknown study before FAILED_PRECONDITION for an idle one
            if (host == null || !host.stop(id, reason)) {
                throw new StatusException(GrpcStatus.FAILED_PRECONDITION, "study_id: no search is running on study "
                        + id + " in this server");
            }
            return StopSearchReply.getDefaultInstance();
        });
    }

    // ---- studies and results ------------------------------------------------------------------------------

    @Override
    public Future<ListStudiesReply> listStudies(ListStudiesRequest request) {
        return onStorage(() -> {
            ListStudiesReply.Builder reply = ListStudiesReply.newBuilder();
            storage.studySummaries(SearchMessages.SUMMARY_ATTRIBUTES, TrialAttributes.DELTA_M)
                    .forEach(s -> reply.addStudies(SearchMessages.summary(s, host)));
            return reply.build();
        });
    }

    @Override
    public Future<GetStudyReply> getStudy(GetStudyRequest request) {
        long id = request.getStudyId();
        return onStorage(() -> {
            var summary = storage.studySummary(id, Set.of(SearchStudy.STATUS, SearchStudy.SPEC), TrialAttributes.DELTA_M);
            return GetStudyReply.newBuilder().setStudy(SearchMessages.summary(summary, host))
                    .setSpecJson(summary.systemAttributes().getOrDefault(SearchStudy.SPEC, "")).build();
        });
    }

    /** Refused while a search runs on the study: its runner would go on writing to a deleted study. */
    @Override
    public Future<DeleteStudyReply> deleteStudy(DeleteStudyRequest request) {
        long id = request.getStudyId();
        return onStorage(() -> {
            boolean deleted = host == null ? delete(id) : host.whileIdle(id, () -> storage.deleteStudy(id));
            if (!deleted) {
                throw new StatusException(GrpcStatus.FAILED_PRECONDITION, "study_id: study " + id + " has a running"
                        + " search; stop it first (StopSearch)");
            }
            return DeleteStudyReply.getDefaultInstance();
        });
    }

    private boolean delete(long id) {
        storage.deleteStudy(id);
        return true;
    }

    @Override
    public Future<ListTrialsReply> listTrials(ListTrialsRequest request) {
        int limit = request.getLimit() == 0 ? DEFAULT_PAGE : request.getLimit();
        if (limit < 1 || limit > MAX_PAGE) {
            throw invalid("limit", "must be 1 to " + MAX_PAGE + " (0 means " + DEFAULT_PAGE + "), got " + limit);
        }
        Set<io.branchwise.space.study.TrialState> states = EnumSet.noneOf(io.branchwise.space.study.TrialState.class);
        for (int i = 0; i < request.getStatesCount(); i++) {
            io.branchwise.space.study.TrialState s = SearchMessages.state(request.getStates(i));
            if (s == null) {
                throw invalid("states[" + i + "]", "not a trial state (" + request.getStatesValue(i) + "); use"
                        + " TRIAL_STATE_RUNNING, _COMPLETE, _PRUNED, _FAIL or _WAITING");
            }
            states.add(s);
        }
        TrialSortKey after = null;
        if (!request.getPageToken().isEmpty()) {
            try {
                after = TrialSortKey.fromToken(request.getPageToken());
            } catch (IllegalArgumentException e) {
                after = null;
            }
            if (after == null || after.order() != TrialOrder.NUMBER) {
                throw invalid("page_token", "\"" + request.getPageToken() + "\" is not a ListTrials page token; pass"
                        + " the previous page's next_page_token unchanged");
            }
        }
        TrialPageRequest page = new TrialPageRequest(states, TrialOrder.NUMBER, List.of(), after, limit,
                SearchMessages.ROW_ATTRIBUTES);
        long id = request.getStudyId();
        return onStorage(() -> {
            TrialPage p = storage.trialPage(id, page);
            ListTrialsReply.Builder reply = ListTrialsReply.newBuilder().setTotal(p.total())
                    .setNextPageToken(p.next() == null ? "" : p.next().token());
            Map<String, Distribution> distributions = new HashMap<>();
            p.trials().forEach(t -> reply.addTrials(SearchMessages.trial(t, distributions)));
            return reply.build();
        });
    }

    @Override
    public Future<GetAffinityReply> getAffinity(GetAffinityRequest request) {
        long id = request.getStudyId();
        return onStorage(() -> {
            GetAffinityReply reply = SearchMessages.affinity(id, storage.study(id).systemAttributes());
            if (reply == null) {
                throw new StatusException(GrpcStatus.FAILED_PRECONDITION, "study " + id + " has no affinity matrix:"
                        + " a search measures it in one joint run before its trials, when space.groupings is auto");
            }
            return reply;
        });
    }

    @Override
    public Future<GetRecommendationReply> getRecommendation(GetRecommendationRequest request) {
        long id = request.getStudyId();
        return onStorage(() -> {
            GetRecommendationReply reply = SearchMessages.recommendation(id, storage.study(id).systemAttributes());
            if (reply == null) {
                throw new StatusException(GrpcStatus.FAILED_PRECONDITION, "study " + id + " has no recommendation:"
                        + " a search stores one when it ends with at least one complete trial");
            }
            return reply;
        });
    }

    // ---- external trainers --------------------------------------------------------------------------------

    private Future<AskReply> ask(AskRequest request, Cancellation cancellation) {
        String worker = request.getWorker().strip();
        if (worker.isEmpty()) {
            throw invalid("worker", "required: name this trainer (its host, say), so that a trial it abandons says"
                    + " who had it");
        }
        long studyId = request.getStudyId();
        if (studyId < 0) {
            throw invalid("study_id", "must be 0 (any study) or a study's id, got " + studyId);
        }
        Duration wait = seconds("wait_seconds", request.getWaitSeconds(), ExternalTrainers.MAX_ASK_WAIT);
        Context context = vertx.getOrCreateContext();
        // An unknown study is a mistake worth a NOT_FOUND; a known one without queued jobs may get some later.
        Future<Void> known = studyId == 0 ? Future.succeededFuture() : onStorage(() -> {
            storage.study(studyId);
            return null;
        });
        return known.compose(ignored -> {
            CompletableFuture<Optional<Assignment>> answer = external.ask(worker, studyId, wait);
            cancellation.onCancel(answer);
            return completion(answer, context);
        }).map(SearchGrpcService::askReply);
    }

    private static AskReply askReply(Optional<Assignment> given) {
        if (given.isEmpty()) {
            return AskReply.newBuilder().setHasTrial(false).build();
        }
        Assignment a = given.get();
        return AskReply.newBuilder()
                .setHasTrial(true)
                .setTicket(a.ticket())
                .setStudyId(a.studyId())
                .setStudyName(a.studyName())
                .setKind(switch (a.kind()) {
                    case BASELINE -> JobKind.JOB_KIND_BASELINE;
                    case AFFINITY -> JobKind.JOB_KIND_AFFINITY;
                    case REFERENCE -> JobKind.JOB_KIND_REFERENCE;
                    case TRIAL -> JobKind.JOB_KIND_TRIAL;
                })
                .setJobName(a.jobName())
                .setTrialSpecJson(a.trialSpecJson())
                .setBaseDirectory(a.baseDirectory())
                .setTimeLimitSeconds(a.timeLimit() == null ? 0 : a.timeLimit().toMillis() / 1000.0)
                .setLeaseSeconds(a.lease().toMillis() / 1000.0)
                .build();
    }

    private Future<ReportReply> report(ReportRequest request, Cancellation cancellation) {
        String ticket = requireTicket(request.getTicket());
        Duration wait = seconds("wait_seconds", request.getWaitSeconds(), ExternalTrainers.MAX_ASK_WAIT);
        Context context = vertx.getOrCreateContext();
        CompletableFuture<io.branchwise.launcher.external.StopSignal> answer;
        try {
            answer = external.report(ticket, request.getReportJson(), wait);
        } catch (MalformedMessageException e) {
            throw invalid("report_json", e.getMessage());
        }
        cancellation.onCancel(answer);
        return completion(answer, context).map(s -> ReportReply.newBuilder().setShouldStop(s.shouldStop())
                .setReason(s.reason()).build());
    }

    @Override
    public Future<TellReply> tell(TellRequest request) {
        String ticket = requireTicket(request.getTicket());
        io.branchwise.launcher.TrialOutcome.Status outcome = switch (request.getOutcomeCase()) {
            case RESULT_JSON -> {
                if (!request.getFailurePath().isEmpty()) {
                    throw invalid("failure_path", "goes with failure_reason only");
                }
                try {
                    yield external.tellResult(ticket, request.getResultJson());
                } catch (MalformedMessageException e) {
                    throw invalid("result_json", e.getMessage());
                }
            }
            case FAILURE_REASON -> {
                if (request.getFailureReason().isBlank()) {
                    throw invalid("failure_reason", "must say why the trainer could not train; it becomes the"
                            + " trial's failure reason");
                }
                yield external.tellFailure(ticket, request.getFailureReason(), request.getFailurePath());
            }
            case OUTCOME_NOT_SET -> throw invalid("outcome", "set result_json (the trainer's result) or"
                    + " failure_reason (why it could not train)");
        };
        return Future.succeededFuture(TellReply.newBuilder().setOutcome(outcome.name()).build());
    }

    private static String requireTicket(String ticket) {
        if (ticket.isEmpty()) {
            throw invalid("ticket", "required: the ticket Ask gave with the job");
        }
        return ticket;
    }

    /** A wait in seconds: not negative, not NaN; longer than {@code max} is cut to it. */
    private static Duration seconds(String field, double seconds, Duration max) {
        if (Double.isNaN(seconds) || seconds < 0) {
            throw invalid(field, "must be 0 or more seconds, got " + seconds);
        }
        if (seconds >= max.toSeconds()) {
            return max;
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }
}
