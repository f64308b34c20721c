package io.branchwise.api;

import io.branchwise.proto.optuna.CreateNewStudyRequest;
import io.branchwise.proto.optuna.CreateNewTrialRequest;
import io.branchwise.proto.optuna.DeleteStudyRequest;
import io.branchwise.proto.optuna.SetTrialIntermediateValueRequest;
import io.branchwise.proto.optuna.SetTrialStateValuesRequest;
import io.branchwise.proto.optuna.StorageServiceGrpc;
import io.branchwise.proto.optuna.StudyDirection;
import io.branchwise.proto.optuna.TrialState;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server-Sent Events: changes made by an Optuna gRPC client and through the REST API reach the streams (the
 * storage publishes them, whoever writes); a study's stream sees only its study; heartbeats keep an idle stream
 * alive; a client that goes away is forgotten.
 */
@org.junit.jupiter.api.Timeout(120)
class RestEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private ApiServer api;
    private ManagedChannel channel;
    private StorageServiceGrpc.StorageServiceBlockingStub grpc;

    @BeforeEach
    void start() {
        api = ApiServer.storageOnly(dir);
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", api.port).usePlaintext().build();
        grpc = StorageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        api.close();
    }

    private long grpcStudy(String name) {
        return grpc.createNewStudy(CreateNewStudyRequest.newBuilder().setStudyName(name)
                .addDirections(StudyDirection.MINIMIZE).build()).getStudyId();
    }

    private long grpcTrial(long studyId) {
        return grpc.createNewTrial(CreateNewTrialRequest.newBuilder().setStudyId(studyId).setTemplateTrialIsNone(true)
                .build()).getTrialId();
    }

    @Test
    void changesThroughGrpcAndRestReachTheStream() throws Exception {
        try (EventStream events = api.events("/api/events").awaitConnected()) {
            assertThat(events.status).isEqualTo(200);
            assertThat(events.contentType).startsWith("text/event-stream");

            long study = grpcStudy("from-python");
            EventStream.Received created = events.await("study-created", WAIT);
            assertThat(created.data().getLong("study_id")).isEqualTo(study);
            assertThat(created.data().getString("name")).isEqualTo("from-python");
            assertThat(created.data().getJsonArray("directions").getList()).containsExactly("MINIMIZE");

            long trial = grpcTrial(study);
            EventStream.Received trialCreated = events.await("trial-created", WAIT);
            assertThat(trialCreated.data().getMap()).containsEntry("trial_id", (int) trial).containsEntry("number", 0)
                    .containsEntry("state", "RUNNING");

            grpc.setTrialIntermediateValue(SetTrialIntermediateValueRequest.newBuilder().setTrialId(trial).setStep(3)
                    .setIntermediateValue(0.75).build());
            EventStream.Received reported = events.await("trial-reported", WAIT);
            assertThat(reported.data().getMap()).containsEntry("step", 3).containsEntry("value", 0.75)
                    .containsEntry("number", 0).containsEntry("study_id", (int) study);

            grpc.setTrialStateValues(SetTrialStateValuesRequest.newBuilder().setTrialId(trial)
                    .setState(TrialState.COMPLETE).addValues(1.5).build());
            EventStream.Received finished = events.await("trial-finished", WAIT);
            assertThat(finished.data().getString("state")).isEqualTo("COMPLETE");
            assertThat(finished.data().getJsonArray("values").getList()).containsExactly(1.5);
            assertThat(finished.id()).as("ids increase").isGreaterThan(reported.id());

            long rest = api.postJson("/api/studies", new JsonObject().put("name", "from-rest")).json().getLong("id");
            assertThat(events.await("study-created", WAIT).data().getLong("study_id")).isEqualTo(rest);

            grpc.deleteStudy(DeleteStudyRequest.newBuilder().setStudyId(study).build());
            assertThat(events.await("study-deleted", WAIT).data().getLong("study_id")).isEqualTo(study);
            assertThat(api.delete("/api/studies/" + rest).status()).isEqualTo(204);
            assertThat(events.await("study-deleted", WAIT).data().getLong("study_id")).isEqualTo(rest);
        }
    }

    @Test
    void aStudysStreamCarriesOnlyItsStudyAndEndsWithItsDeletion() throws Exception {
        long watched = grpcStudy("watched");
        long other = grpcStudy("other");
        try (EventStream events = api.events("/api/studies/" + watched + "/events").awaitConnected()) {
            grpcTrial(other);
            long trial = grpcTrial(watched);
            EventStream.Received created = events.await(e -> true, WAIT, "the first event");
            assertThat(created.type()).as("the other study's trial, created first, never arrives").isEqualTo("trial-created");
            assertThat(created.data().getLong("trial_id")).isEqualTo(trial);

            grpc.setTrialStateValues(SetTrialStateValuesRequest.newBuilder().setTrialId(trial)
                    .setState(TrialState.FAIL).build());
            EventStream.Received failed = events.await(e -> true, WAIT, "the next event");
            assertThat(failed.type()).isEqualTo("trial-finished");
            assertThat(failed.data().getString("state")).isEqualTo("FAIL");
            assertThat(failed.data().getJsonArray("values")).isEmpty();

            grpc.deleteStudy(DeleteStudyRequest.newBuilder().setStudyId(watched).build());
            assertThat(events.await(e -> true, WAIT, "the deletion").type()).isEqualTo("study-deleted");
            events.ended().get(30, TimeUnit.SECONDS);
            assertThat(events.drain()).isEmpty();
        }
        JsonObject unknown = api.get("/api/studies/" + watched + "/events").problem(404);
        assertThat(unknown.getString("detail")).contains(Long.toString(watched));
        api.get("/api/events?study=1").problem(400);
    }

    @Test
    void anIdleStreamGetsHeartbeats() throws Exception {
        try (ApiServer quick = ApiServer.storageOnly(dir.resolve("quick"), c -> c.withHeartbeat(Duration.ofMillis(100)));
             EventStream events = quick.events("/api/events").awaitConnected()) {
            assertThat(events.awaitComment(Duration.ofSeconds(10))).isEqualTo("heartbeat");
            assertThat(events.awaitComment(Duration.ofSeconds(10))).isEqualTo("heartbeat");
            assertThat(events.drain()).isEmpty();
        }
    }

    @Test
    void aClientThatDisconnectsIsForgotten() throws Exception {
        CompletableFuture<Void> opened = new CompletableFuture<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        api.server.events().watchStreams(count -> {
            if (count == 1) {
                opened.complete(null);
            } else if (count == 0 && opened.isDone()) {
                closed.complete(null);
            }
        });
        EventStream events = api.events("/api/events").awaitConnected();
        opened.get(30, TimeUnit.SECONDS);
        assertThat(api.get("/api/health").json().getInteger("event_streams")).isEqualTo(1);
        events.close();
        closed.get(30, TimeUnit.SECONDS);
        assertThat(api.server.events().openStreams()).isZero();
        // A change after the disconnect goes nowhere and harms nothing.
        assertThat(api.postJson("/api/studies", new JsonObject().put("name", "after")).status()).isEqualTo(201);
        assertThat(api.storage.allStudies()).extracting(s -> s.name()).isEqualTo(List.of("after"));
    }
}
