package io.branchwise.grpc;

import io.branchwise.plugin.data.DataAccess;
import io.branchwise.plugin.data.DataLimits;
import io.branchwise.proto.optuna.CreateNewStudyRequest;
import io.branchwise.proto.optuna.GetAllStudiesRequest;
import io.branchwise.proto.optuna.StorageServiceGrpc;
import io.branchwise.proto.optuna.StudyDirection;
import io.branchwise.proto.search.SpecProblem;
import io.branchwise.proto.search.ValidateSpecRequest;
import io.branchwise.server.AccessToken;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The probe's file read over gRPC (ValidateSpec), and the token a server beyond loopback demands in metadata. */
class GrpcSecurityTest {
    private static final String TOKEN = "grpc-token-0123456789-abcdef";

    @TempDir
    Path dir;

    @Test
    void aSpecCannotReadFilesOutsideTheDataRoots() throws Exception {
        Path root = Files.createDirectories(dir.resolve("data"));
        try (RunningServer server = ExternalTrainersOverGrpcTest.hosting(dir, c -> c.withSpecDirectory(root)
                .withDataAccess(DataAccess.under(List.of(root), DataLimits.DEFAULT)))) {
            for (String path : List.of("/etc/passwd", "/proc/self/environ", "../../../../etc/passwd")) {
                String spec = ExternalTrainersOverGrpcTest.spec("leak", "none").replaceFirst("data: .*\n",
                        "data: {source: csv, options: {path: '" + path + "', targets: [a, b, c]}}\n");
                List<SpecProblem> problems = server.searchClient().validateSpec(ValidateSpecRequest.newBuilder()
                        .setSpec(spec).build()).getProblemsList();
                assertThat(problems).singleElement().satisfies(p -> {
                    assertThat(p.getPath()).isEqualTo("data.options.path");
                    assertThat(p.getMessage()).contains("outside this server's data roots").doesNotContain("root:")
                            .doesNotContain("PATH=");
                });
            }
        }
    }

    @Test
    void withATokenEveryCallMustCarryIt() throws Exception {
        try (RunningServer server = new RunningServer(dir, c -> c.withAccess(AccessToken.of(TOKEN), List.of()))) {
            StorageServiceGrpc.StorageServiceBlockingStub anonymous = server.client();
            assertThatThrownBy(() -> anonymous.getAllStudies(GetAllStudiesRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        assertThat(e.getStatus().getDescription()).contains("authorization").doesNotContain(TOKEN);
                    });
            assertThatThrownBy(() -> withToken(anonymous, TOKEN + "-not").getAllStudies(
                    GetAllStudiesRequest.getDefaultInstance())).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            assertThat(server.storage.allStudies()).isEmpty();

            StorageServiceGrpc.StorageServiceBlockingStub holder = withToken(anonymous, TOKEN);
            holder.createNewStudy(CreateNewStudyRequest.newBuilder().setStudyName("allowed")
                    .addDirections(StudyDirection.MINIMIZE).build());
            assertThat(holder.getAllStudies(GetAllStudiesRequest.getDefaultInstance()).getStudiesCount()).isEqualTo(1);
        }
    }

    /** The README's few lines for Optuna's GrpcStorageProxy, run by Python's grpcio against a token server. */
    @Test
    void aPythonClientAddsTheTokenTheWayTheReadmeShows() throws Exception {
        Path stubs = PythonGrpc.stubs(dir, "api.proto");
        try (RunningServer server = new RunningServer(dir.resolve("db"),
                c -> c.withAccess(AccessToken.of(TOKEN), List.of()))) {
            String output = PythonGrpc.script("token_client.py", 120,
                    List.of(Integer.toString(server.port), stubs.toString(), TOKEN));
            assertThat(output).contains("token ok");
            assertThat(server.storage.allStudies()).extracting(s -> s.name()).containsExactly("with-token");
        }
    }

    private static StorageServiceGrpc.StorageServiceBlockingStub withToken(
            StorageServiceGrpc.StorageServiceBlockingStub stub, String token) {
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }
}
