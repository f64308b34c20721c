package io.branchwise.grpc;

import io.branchwise.proto.optuna.CreateNewStudyRequest;
import io.branchwise.proto.optuna.GetStudyIdFromNameReply;
import io.branchwise.proto.optuna.GetStudyIdFromNameRequest;
import io.branchwise.proto.optuna.StorageServiceGrpc;
import io.branchwise.proto.optuna.StudyDirection;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * grpc-java cancels a call with RST_STREAM when the whole answer arrives before it has sent its end of stream, and
 * Netty closes a connection that receives too many of those. So the server must not answer a unary call before
 * the client has finished sending, however fast the storage is.
 */
class AnswerAfterRequestEndTest {
    @TempDir
    Path dir;

    @Test
    void aUnaryCallIsAnsweredOnlyAfterTheClientHasFinishedSending() throws Exception {
        try (RunningServer server = new RunningServer(dir)) {
            long studyId = server.client().createNewStudy(CreateNewStudyRequest.newBuilder().setStudyName("s")
                    .addDirections(StudyDirection.MINIMIZE).build()).getStudyId();
            ManagedChannel channel = server.newChannel();
            try {
                // The same RPC declared as streaming, so that grpc-java sends the message at once and leaves the
                // request open until halfClose().
                MethodDescriptor<GetStudyIdFromNameRequest, GetStudyIdFromNameReply> open =
                        StorageServiceGrpc.getGetStudyIdFromNameMethod().toBuilder()
                                .setType(MethodDescriptor.MethodType.BIDI_STREAMING).build();
                List<Object> events = new CopyOnWriteArrayList<>();
                CompletableFuture<Status> closed = new CompletableFuture<>();
                ClientCall<GetStudyIdFromNameRequest, GetStudyIdFromNameReply> call =
                        channel.newCall(open, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
                call.start(new ClientCall.Listener<>() {
                    @Override
                    public void onMessage(GetStudyIdFromNameReply message) {
                        events.add(message);
                    }

                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        events.add(status);
                        closed.complete(status);
                    }
                }, new Metadata());
                call.request(1);
                call.sendMessage(GetStudyIdFromNameRequest.newBuilder().setStudyName("s").build());

                // Complete round trips on the same connection, sent after the open call's message: the server
                // has read that message and had all this time to answer it, and must still be waiting.
                StorageServiceGrpc.StorageServiceBlockingStub sameConnection = StorageServiceGrpc
                        .newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
                for (int i = 0; i < 5; i++) {
                    assertThat(sameConnection.getStudyIdFromName(GetStudyIdFromNameRequest.newBuilder()
                            .setStudyName("s").build()).getStudyId()).isEqualTo(studyId);
                }
                assertThat(events).as("nothing answered while the request is still open").isEmpty();

                call.halfClose();
                assertThat(closed.get(30, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
                assertThat(events).hasSize(2);
                assertThat(((GetStudyIdFromNameReply) events.get(0)).getStudyId()).isEqualTo(studyId);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
