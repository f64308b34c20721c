package io.branchwise.grpc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs Python scripts against our gRPC services with Debian's python3-grpcio and stubs that Debian's protoc
 * generates from our own .proto files (.ci/run installs them). A missing package fails the calling test and names
 * the package, because skipping would hide a broken wire format.
 */
public final class PythonGrpc {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String GRPC_PLUGIN = "/usr/bin/grpc_python_plugin";

    private PythonGrpc() {
    }

    /** Generates the Python stubs of {@code proto} (relative to the proto folder) into {@code folder/stubs}. */
    public static Path stubs(Path folder, String proto) throws IOException, InterruptedException {
        Path protoDir = Path.of(System.getProperty("branchwise.proto.dir", "../proto/src/main/proto"));
        Path stubs = Files.createDirectories(folder.resolve("stubs"));
        run(List.of("protoc", "-I", protoDir.toString(), "--python_out=" + stubs, "--grpc_python_out=" + stubs,
                "--plugin=protoc-gen-grpc_python=" + GRPC_PLUGIN, proto), 60,
                "generating Python stubs (needs apt packages protobuf-compiler and protobuf-compiler-grpc)");
        return stubs;
    }

    /** Runs a script of src/test/python with {@code args}; returns its output once it exited with 0. */
    public static String script(String name, int timeoutSeconds, List<String> args)
            throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("branchwise.python.dir", "src/test/python"), name);
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        command.addAll(args);
        return run(command, timeoutSeconds, name + " (needs apt package python3-grpcio)");
    }

    private static String run(List<String> command, int timeoutSeconds, String what)
            throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + what + ": " + e.getMessage(), e);
        }
        // Output is small; reading to EOF also waits for the process to close its side.
        byte[] bytes = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(what + " did not finish in " + timeoutSeconds + " s");
        }
        String output = new String(bytes, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(what + " failed:\n" + output).isZero();
        return output;
    }
}
