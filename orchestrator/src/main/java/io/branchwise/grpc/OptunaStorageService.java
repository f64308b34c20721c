package io.branchwise.grpc;

import io.branchwise.proto.optuna.*;
import io.branchwise.storage.AttributeScope;
import io.branchwise.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;

import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Optuna's {@code optuna.StorageService} over a {@link Storage}, so that {@code GrpcStorageProxy} clients keep
 * their code and get Branchwise's durable store. Storage calls block on JDBC, so they run off the event loop, on
 * the one {@value #STORAGE_THREAD} worker thread; refusals become the status codes Optuna's client turns into
 * its own exceptions.
 */
public final class OptunaStorageService extends StorageServiceGrpcService {
    /**
     * The storage runs one operation at a time (one connection, one lock), so a single worker thread serves it
     * best: calls wait in a queue instead of parking on the lock, and the thread stays warm. Vert.x's shared pool
     * hands each call to the next of its 20 threads; on the 2-core build machine that cost roughly a fifth more
     * server CPU per RPC (noisy measurements). Shared by name, so any other face of the server that calls the
     * storage can queue on the same thread.
     */
    static final String STORAGE_THREAD = "branchwise-storage";

    private final WorkerExecutor storageThread;
    private final Storage storage;

    public OptunaStorageService(Vertx vertx, Storage storage) {
        this.storageThread = vertx.createSharedWorkerExecutor(STORAGE_THREAD, 1);
        this.storage = storage;
    }

    /**
     * Binds every method so that a call is answered only after the client has finished sending (the end of the
     * request stream), not as soon as its message arrives as the generated binding does. grpc-java sometimes
     * sends a unary request's message and its end of stream in two frames; when the whole answer arrives between
     * the two, it cancels the stream with RST_STREAM instead of ending it. Netty's rapid-reset guard counts those
     * and, past 200 in 30 s, closes the connection with GOAWAY ENHANCE_YOUR_CALM, failing every call on it
     * (RESOURCE_EXHAUSTED). The faster the storage answers, the more often the answer won that race.
     */
    @Override
    public void bind(GrpcServer server) {
        unary(server, CreateNewStudy, this::createNewStudy);
        unary(server, DeleteStudy, this::deleteStudy);
        unary(server, SetStudyUserAttribute, this::setStudyUserAttribute);
        unary(server, SetStudySystemAttribute, this::setStudySystemAttribute);
        unary(server, GetStudyIdFromName, this::getStudyIdFromName);
        unary(server, GetStudyNameFromId, this::getStudyNameFromId);
        unary(server, GetStudyDirections, this::getStudyDirections);
        unary(server, GetStudyUserAttributes, this::getStudyUserAttributes);
        unary(server, GetStudySystemAttributes, this::getStudySystemAttributes);
        unary(server, GetAllStudies, this::getAllStudies);
        unary(server, CreateNewTrial, this::createNewTrial);
        unary(server, SetTrialParameter, this::setTrialParameter);
        unary(server, GetTrialIdFromStudyIdTrialNumber, this::getTrialIdFromStudyIdTrialNumber);
        unary(server, SetTrialStateValues, this::setTrialStateValues);
        unary(server, SetTrialIntermediateValue, this::setTrialIntermediateValue);
        unary(server, SetTrialUserAttribute, this::setTrialUserAttribute);
        unary(server, SetTrialSystemAttribute, this::setTrialSystemAttribute);
        unary(server, GetTrial, this::getTrial);
        unary(server, GetTrials, this::getTrials);
    }

    private static <Req, Resp> void unary(GrpcServer server, ServiceMethod<Req, Resp> method,
                                          Function<Req, Future<Resp>> implementation) {
        server.callHandler(method, request -> request.last().compose(implementation).onComplete(answer -> {
            if (answer.succeeded()) {
                request.response().end(answer.result());
            } else {
                request.response().fail(answer.cause());
            }
        }));
    }

    private <T> Future<T> call(String rpc, Callable<T> work) {
        return storageThread.<T>executeBlocking(work, false)
                .recover(error -> Future.failedFuture(StorageStatus.of(rpc, error)));
    }

    @Override
    public Future<CreateNewStudyReply> createNewStudy(CreateNewStudyRequest request) {
        return call("CreateNewStudy", () -> CreateNewStudyReply.newBuilder().setStudyId(storage.createStudy(
                request.getStudyName(), TrialMessages.directions(request.getDirectionsValueList()))).build());
    }

    @Override
    public Future<DeleteStudyReply> deleteStudy(DeleteStudyRequest request) {
        return call("DeleteStudy", () -> {
            storage.deleteStudy(request.getStudyId());
            return DeleteStudyReply.getDefaultInstance();
        });
    }

    @Override
    public Future<SetStudyUserAttributeReply> setStudyUserAttribute(SetStudyUserAttributeRequest request) {
        return call("SetStudyUserAttribute", () -> {
            storage.setStudyAttribute(request.getStudyId(), AttributeScope.USER, request.getKey(), request.getValue());
            return SetStudyUserAttributeReply.getDefaultInstance();
        });
    }

    @Override
    public Future<SetStudySystemAttributeReply> setStudySystemAttribute(SetStudySystemAttributeRequest request) {
        return call("SetStudySystemAttribute", () -> {
            storage.setStudyAttribute(request.getStudyId(), AttributeScope.SYSTEM, request.getKey(), request.getValue());
            return SetStudySystemAttributeReply.getDefaultInstance();
        });
    }

    @Override
    public Future<GetStudyIdFromNameReply> getStudyIdFromName(GetStudyIdFromNameRequest request) {
        return call("GetStudyIdFromName", () -> GetStudyIdFromNameReply.newBuilder()
                .setStudyId(storage.studyIdByName(request.getStudyName())).build());
    }

    @Override
    public Future<GetStudyNameFromIdReply> getStudyNameFromId(GetStudyNameFromIdRequest request) {
        return call("GetStudyNameFromId", () -> GetStudyNameFromIdReply.newBuilder()
                .setStudyName(storage.study(request.getStudyId()).name()).build());
    }

    @Override
    public Future<GetStudyDirectionsReply> getStudyDirections(GetStudyDirectionsRequest request) {
        return call("GetStudyDirections", () -> GetStudyDirectionsReply.newBuilder()
                .addAllDirectionsValue(TrialMessages.directionNumbers(storage.study(request.getStudyId()).directions()))
                .build());
    }

    @Override
    public Future<GetStudyUserAttributesReply> getStudyUserAttributes(GetStudyUserAttributesRequest request) {
        return call("GetStudyUserAttributes", () -> GetStudyUserAttributesReply.newBuilder()
                .putAllUserAttributes(storage.study(request.getStudyId()).userAttributes()).build());
    }

    @Override
    public Future<GetStudySystemAttributesReply> getStudySystemAttributes(GetStudySystemAttributesRequest request) {
        return call("GetStudySystemAttributes", () -> GetStudySystemAttributesReply.newBuilder()
                .putAllSystemAttributes(storage.study(request.getStudyId()).systemAttributes()).build());
    }

    @Override
    public Future<GetAllStudiesReply> getAllStudies(GetAllStudiesRequest request) {
        return call("GetAllStudies", () -> {
            GetAllStudiesReply.Builder reply = GetAllStudiesReply.newBuilder();
            storage.allStudies().forEach(s -> reply.addStudies(TrialMessages.study(s)));
            return reply.build();
        });
    }

    @Override
    public Future<CreateNewTrialReply> createNewTrial(CreateNewTrialRequest request) {
        return call("CreateNewTrial", () -> {
            long studyId = request.getStudyId();
            long trialId = request.getTemplateTrialIsNone() || !request.hasTemplateTrial()
                    ? storage.createTrial(studyId, null)
                    : storage.createTrial(studyId, TrialMessages.template(studyId, request.getTemplateTrial()));
            return CreateNewTrialReply.newBuilder().setTrialId(trialId).build();
        });
    }

    @Override
    public Future<SetTrialParameterReply> setTrialParameter(SetTrialParameterRequest request) {
        return call("SetTrialParameter", () -> {
            storage.setTrialParameter(request.getTrialId(), request.getParamName(), request.getParamValueInternal(),
                    request.getDistribution());
            return SetTrialParameterReply.getDefaultInstance();
        });
    }

    @Override
    public Future<GetTrialIdFromStudyIdTrialNumberReply> getTrialIdFromStudyIdTrialNumber(
            GetTrialIdFromStudyIdTrialNumberRequest request) {
        return call("GetTrialIdFromStudyIdTrialNumber", () -> GetTrialIdFromStudyIdTrialNumberReply.newBuilder()
                .setTrialId(storage.trialIdByNumber(request.getStudyId(), request.getTrialNumber())).build());
    }

    @Override
    public Future<SetTrialStateValuesReply> setTrialStateValues(SetTrialStateValuesRequest request) {
        return call("SetTrialStateValues", () -> {
            double[] values = request.getValuesList().stream().mapToDouble(Double::doubleValue).toArray();
            boolean updated = storage.setTrialStateValues(request.getTrialId(),
                    TrialMessages.state(request.getStateValue()), values);
            return SetTrialStateValuesReply.newBuilder().setTrialUpdated(updated).build();
        });
    }

    @Override
    public Future<SetTrialIntermediateValueReply> setTrialIntermediateValue(SetTrialIntermediateValueRequest request) {
        return call("SetTrialIntermediateValue", () -> {
            storage.setTrialIntermediateValue(request.getTrialId(), request.getStep(), request.getIntermediateValue());
            return SetTrialIntermediateValueReply.getDefaultInstance();
        });
    }

    @Override
    public Future<SetTrialUserAttributeReply> setTrialUserAttribute(SetTrialUserAttributeRequest request) {
        return call("SetTrialUserAttribute", () -> {
            storage.setTrialAttribute(request.getTrialId(), AttributeScope.USER, request.getKey(), request.getValue());
            return SetTrialUserAttributeReply.getDefaultInstance();
        });
    }

    @Override
    public Future<SetTrialSystemAttributeReply> setTrialSystemAttribute(SetTrialSystemAttributeRequest request) {
        return call("SetTrialSystemAttribute", () -> {
            storage.setTrialAttribute(request.getTrialId(), AttributeScope.SYSTEM, request.getKey(), request.getValue());
            return SetTrialSystemAttributeReply.getDefaultInstance();
        });
    }

    @Override
    public Future<GetTrialReply> getTrial(GetTrialRequest request) {
        return call("GetTrial", () -> GetTrialReply.newBuilder()
                .setTrial(TrialMessages.trial(storage.trial(request.getTrialId()))).build());
    }

    @Override
    public Future<GetTrialsReply> getTrials(GetTrialsRequest request) {
        return call("GetTrials", () -> {
            GetTrialsReply.Builder reply = GetTrialsReply.newBuilder();
            storage.trials(request.getStudyId(), request.getTrialIdGreaterThan(), request.getIncludedTrialIdsList())
                    .forEach(t -> reply.addTrials(TrialMessages.trial(t)));
            return reply.build();
        });
    }
}
