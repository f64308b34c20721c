package io.branchwise.api;

import io.branchwise.proto.optuna.*;
import io.branchwise.proto.search.SearchServiceGrpc;
import io.branchwise.proto.search.SpecFormat;
import io.branchwise.proto.search.ValidateSpecRequest;
import io.branchwise.search.PlantedModelLauncher;
import io.branchwise.storage.StudyRecord;
import io.branchwise.storage.TrialRecord;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of random requests from a seeded generator (the seed is printed, so a failure replays): mutated specs,
 * bodies of random JSON and text with lone surrogates and control characters, random paths, methods and content
 * types over REST; random names, ids, distributions and values over gRPC. The server must answer every one with a
 * refusal (a 4xx, a gRPC status other than UNKNOWN or INTERNAL) or a success, stay up, and a refused request must
 * leave the store exactly as it was.
 */
@Timeout(600)
class InputFuzzTest {
    private static final long SEED = Long.getLong("branchwise.fuzz.seed", 20261206L);
    private static final int REST_CASES = 1500;
    private static final int GRPC_CASES = 2500;
    private static final Set<Status.Code> BUGS = Set.of(Status.Code.UNKNOWN, Status.Code.INTERNAL);

    @TempDir
    Path dir;

    private final Random random = new Random(SEED);

    @Test
    void randomRestAndGrpcInputsAreRefusedCleanlyAndChangeNothing() throws Exception {
        System.out.println("fuzz seed " + SEED);
        try (ApiServer api = ApiServer.withSearches(dir, new PlantedModelLauncher(List.of(List.of("a", "b", "c")), false))) {
            api.postJson("/api/studies", new JsonObject().put("name", "seeded"));
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", api.port).usePlaintext().build();
            try {
                restCases(api);
                grpcCases(api, channel);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            assertThat(api.get("/api/health").json().getString("status")).isEqualTo("UP");
        }
    }

    private void restCases(ApiServer api) throws Exception {
        Map<String, Object> spec = new Yaml().load(RestSearchTest.spec("fuzzed", "all", 3, 1));
        List<String> paths = List.of("/api/studies", "/api/studies/%d", "/api/studies/%d/trials?limit=%s",
                "/api/studies/%d/stop", "/api/searches/validate", "/api/trials/%d", "/api/session",
                "/api/studies/%d/history?params=%s", "/api/%s", "/%s");
        List<String> types = List.of("application/json", "application/yaml", "text/plain", "",
                "application/x-www-form-urlencoded", "application/json; charset=latin1");
        int refused = 0;
        for (int i = 0; i < REST_CASES; i++) {
            String path = String.format(pick(paths), random.nextInt(5) - 1, encoded(text(12)), encoded(text(8)));
            String method = pick(List.of("GET", "POST", "POST", "DELETE", "PUT"));
            String body = random.nextBoolean() ? mutated(spec) : randomJson(3);
            HttpRequest.Builder request;
            try {
                request = HttpRequest.newBuilder(api.uri(path));
            } catch (IllegalArgumentException unencodable) {
                continue; // not a URI any client could send
            }
            String type = pick(types);
            if (!type.isEmpty()) {
                request.header("Content-Type", type);
            }
            request.method(method, method.equals("GET") || method.equals("DELETE")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Snapshot before = Snapshot.of(api);
            HttpResponse<String> response = api.http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String what = "case " + i + ": " + method + " " + path + " [" + type + "] " + abbreviate(body);
            assertThat(response.statusCode()).as(what + " → " + response.body()).isLessThan(500);
            if (response.statusCode() >= 400) {
                refused++;
                assertThat(Snapshot.of(api)).as(what + " was refused but changed the store").isEqualTo(before);
            }
        }
        System.out.println("REST: " + REST_CASES + " cases, " + refused + " refused");
        assertThat(refused).as("the generator must mostly produce bad input").isGreaterThan(REST_CASES / 2);
    }

    private void grpcCases(ApiServer api, ManagedChannel channel) {
        StorageServiceGrpc.StorageServiceBlockingStub storage = StorageServiceGrpc.newBlockingStub(channel);
        SearchServiceGrpc.SearchServiceBlockingStub search = SearchServiceGrpc.newBlockingStub(channel);
        // The REST cases may have deleted the first study (a DELETE that rightly succeeded).
        long study = api.storage.createStudy("seeded-for-grpc", List.of(io.branchwise.space.study.StudyDirection.MINIMIZE));
        api.storage.createTrial(study, null);
        List<String> distributions = List.of(
                "{\"name\": \"CategoricalDistribution\", \"attributes\": {\"choices\": [\"a\", \"b\"]}}",
                "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": 0.0, \"high\": 1.0, \"log\": false}}",
                "{\"name\": \"IntDistribution\", \"attributes\": {\"log\": false, \"step\": 1, \"low\": 0, \"high\": 3}}");
        int refused = 0;
        for (int i = 0; i < GRPC_CASES; i++) {
            long trial = random.nextInt(6) - 1;
            long anyStudy = random.nextBoolean() ? study : random.nextInt(4) - 1;
            double value = pick(List.of(0.0, 1.0, 2.0, 7.0, -1.0, 0.5, Double.NaN, Double.POSITIVE_INFINITY, 1e308));
            String name = text(random.nextInt(3) == 0 ? 600 : 10);
            String distribution = random.nextBoolean() ? pick(distributions) : mutatedText(pick(distributions));
            Snapshot before = Snapshot.of(api);
            String what = "case " + i + " (" + abbreviate(name) + ")";
            try {
                switch (random.nextInt(9)) {
                    case 0 -> storage.createNewStudy(CreateNewStudyRequest.newBuilder().setStudyName(name)
                            .addDirections(StudyDirection.forNumber(random.nextInt(2))).build());
                    case 1 -> storage.createNewTrial(CreateNewTrialRequest.newBuilder().setStudyId(anyStudy)
                            .setTemplateTrialIsNone(true).build());
                    case 2 -> storage.setTrialParameter(SetTrialParameterRequest.newBuilder().setTrialId(trial)
                            .setParamName(name).setParamValueInternal(value).setDistribution(distribution).build());
                    case 3 -> {
                        SetTrialStateValuesRequest.Builder b = SetTrialStateValuesRequest.newBuilder().setTrialId(trial)
                                .setStateValue(random.nextInt(6) - 1);
                        for (int v = random.nextInt(3); v > 0; v--) {
                            b.addValues(value);
                        }
                        storage.setTrialStateValues(b.build());
                    }
                    case 4 -> storage.setTrialUserAttribute(SetTrialUserAttributeRequest.newBuilder().setTrialId(trial)
                            .setKey(name).setValue(random.nextBoolean() ? randomJson(2) : text(20)).build());
                    case 5 -> storage.setStudySystemAttribute(SetStudySystemAttributeRequest.newBuilder()
                            .setStudyId(anyStudy).setKey(name).setValue(randomJson(2)).build());
                    case 6 -> storage.createNewTrial(CreateNewTrialRequest.newBuilder().setStudyId(anyStudy)
                            .setTemplateTrial(Trial.newBuilder().setStateValue(random.nextInt(5))
                                    .addValues(value).putParams(name, value).putDistributions(name, distribution)
                                    .setDatetimeStart(random.nextBoolean() ? "" : text(10)).build()).build());
                    case 7 -> storage.setTrialIntermediateValue(SetTrialIntermediateValueRequest.newBuilder()
                            .setTrialId(trial).setStep(random.nextInt(5) - 2).setIntermediateValue(value).build());
                    default -> search.validateSpec(ValidateSpecRequest.newBuilder().setSpec(random.nextBoolean()
                                    ? mutated(new Yaml().load(RestSearchTest.spec("fuzzed", "all", 3, 1))) : text(40))
                            .setFormat(random.nextBoolean() ? SpecFormat.SPEC_FORMAT_YAML : SpecFormat.SPEC_FORMAT_JSON)
                            .build());
                }
            } catch (StatusRuntimeException e) {
                refused++;
                assertThat(e.getStatus().getCode()).as(what + ": " + e.getStatus()).isNotIn(BUGS);
                assertThat(Snapshot.of(api)).as(what + " was refused but changed the store").isEqualTo(before);
            }
        }
        System.out.println("gRPC: " + GRPC_CASES + " cases, " + refused + " refused");
        assertThat(refused).isGreaterThan(GRPC_CASES / 3);
    }

    /** Everything a client can read back: studies with their attributes, and every trial of each. */
    private record Snapshot(List<StudyRecord> studies, List<List<TrialRecord>> trials) {
        static Snapshot of(ApiServer api) {
            List<StudyRecord> studies = api.storage.allStudies();
            List<List<TrialRecord>> trials = new ArrayList<>();
            studies.forEach(s -> trials.add(api.storage.trials(s.id(), -1, List.of())));
            return new Snapshot(studies, trials);
        }
    }

    /** The spec with one field, at any depth, replaced by a random value; as YAML or JSON text. */
    @SuppressWarnings("unchecked")
    private String mutated(Map<String, Object> spec) {
        Map<String, Object> copy = (Map<String, Object>) deepCopy(spec);
        Object node = copy;
        for (int depth = 0; depth < 3 && node instanceof Map<?, ?> map && !map.isEmpty(); depth++) {
            List<String> keys = new ArrayList<>((Set<String>) map.keySet());
            String key = pick(keys);
            Object child = map.get(key);
            if (depth == 2 || !(child instanceof Map) || random.nextInt(3) == 0) {
                ((Map<String, Object>) map).put(key, randomValue(2));
                break;
            }
            node = child;
        }
        if (random.nextBoolean()) {
            try {
                return new Yaml().dump(copy);
            } catch (RuntimeException unprintable) {
                // SnakeYAML will not write control characters or lone surrogates; JSON escapes them.
            }
        }
        return new JsonObject(copy).encode();
    }

    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), deepCopy(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list.stream().map(InputFuzzTest::deepCopy).toList());
        }
        return value;
    }

    private Object randomValue(int depth) {
        return switch (random.nextInt(depth > 0 ? 9 : 7)) {
            case 0 -> text(random.nextInt(30));
            case 1 -> random.nextInt();
            case 2 -> pick(List.of(0, -1, 1, Integer.MAX_VALUE, 2_000_000_000, 100_000));
            case 3 -> pick(List.of(1e308, -0.0, 0.5, 1e-9));
            case 4 -> random.nextBoolean();
            case 5 -> null;
            case 6 -> pick(List.of("/etc/passwd", "../../x", "/dev/zero", "\u0000", "..", ""));
            case 7 -> {
                List<Object> list = new ArrayList<>();
                for (int n = random.nextInt(4); n > 0; n--) {
                    list.add(randomValue(depth - 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int n = random.nextInt(4); n > 0; n--) {
                    map.put(text(6), randomValue(depth - 1));
                }
                yield map;
            }
        };
    }

    private String randomJson(int depth) {
        Object value = randomValue(depth);
        return value instanceof Map<?, ?> map ? new JsonObject(new LinkedHashMap<>((Map<String, Object>) map)).encode()
                : io.vertx.core.json.Json.encode(value);
    }

    private String mutatedText(String text) {
        StringBuilder b = new StringBuilder(text);
        for (int n = 1 + random.nextInt(3); n > 0 && b.length() > 0; n--) {
            int at = random.nextInt(b.length());
            b.replace(at, Math.min(b.length(), at + random.nextInt(4)), text(random.nextInt(3)));
        }
        return b.toString();
    }

    /** Letters mostly, with markup, quotes, control characters, a lone surrogate or astral characters now and then. */
    private String text(int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(12)) {
                case 0 -> b.append((char) (0xD800 + random.nextInt(0x800)));
                case 1 -> b.append((char) random.nextInt(0x20));
                case 2 -> b.append(pick(List.of("<", ">", "\"", "'", "&", "\\", "{", "[", ":", "\n")));
                case 3 -> b.appendCodePoint(0x1F600 + random.nextInt(50));
                default -> b.append((char) ('a' + random.nextInt(26)));
            }
        }
        return b.toString();
    }

    private static String encoded(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
