package io.branchwise.grpc;

import io.branchwise.proto.optuna.*;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every RPC of optuna.StorageService through a real grpc-java client, with each status the contract names. */
class OptunaStorageServiceTest {
    static final String FLOAT_X = "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": 0.0, \"high\": 1.0, \"log\": false}}";
    static final String FLOAT_X_WIDER = "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": -5.0, \"high\": 5.0, \"log\": false}}";
    static final String FLOAT_X_LOG = "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": 0.1, \"high\": 1.0, \"log\": true}}";
    static final String INT_N = "{\"name\": \"IntDistribution\", \"attributes\": {\"log\": false, \"step\": 1, \"low\": 1, \"high\": 8}}";
    static final String CAT_OPT = "{\"name\": \"CategoricalDistribution\", \"attributes\": {\"choices\": [\"sgd\", \"adam\", null, 1.5, true]}}";
    private static final DateTimeFormatter PYTHON = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    @TempDir
    Path dir;
    RunningServer server;
    StorageServiceGrpc.StorageServiceBlockingStub client;

    @BeforeEach
    void start() {
        server = new RunningServer(dir);
        client = server.client();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    long createStudy(String name, StudyDirection... directions) {
        return client.createNewStudy(CreateNewStudyRequest.newBuilder().setStudyName(name)
                .addAllDirections(List.of(directions)).build()).getStudyId();
    }

    long createTrial(long studyId) {
        return client.createNewTrial(CreateNewTrialRequest.newBuilder().setStudyId(studyId)
                .setTemplateTrialIsNone(true).build()).getTrialId();
    }

    Trial trial(long trialId) {
        return client.getTrial(GetTrialRequest.newBuilder().setTrialId(trialId).build()).getTrial();
    }

    boolean setState(long trialId, TrialState state, Double... values) {
        return client.setTrialStateValues(SetTrialStateValuesRequest.newBuilder().setTrialId(trialId)
                .setState(state).addAllValues(List.of(values)).build()).getTrialUpdated();
    }

    void setParam(long trialId, String name, double value, String distribution) {
        client.setTrialParameter(SetTrialParameterRequest.newBuilder().setTrialId(trialId).setParamName(name)
                .setParamValueInternal(value).setDistribution(distribution).build());
    }

    static void assertStatus(Status.Code code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).as("status message").isNotBlank();
        });
    }

    @Test
    void studiesAreCreatedFoundAndDeleted() {
        long a = createStudy("alpha", StudyDirection.MINIMIZE);
        long b = createStudy("beta", StudyDirection.MAXIMIZE, StudyDirection.MINIMIZE);
        assertThat(b).isGreaterThan(a);
        assertThat(client.getStudyIdFromName(GetStudyIdFromNameRequest.newBuilder().setStudyName("beta").build())
                .getStudyId()).isEqualTo(b);
        assertThat(client.getStudyNameFromId(GetStudyNameFromIdRequest.newBuilder().setStudyId(a).build())
                .getStudyName()).isEqualTo("alpha");
        assertThat(client.getStudyDirections(GetStudyDirectionsRequest.newBuilder().setStudyId(b).build())
                .getDirectionsList()).containsExactly(StudyDirection.MAXIMIZE, StudyDirection.MINIMIZE);
        assertThat(client.getAllStudies(GetAllStudiesRequest.getDefaultInstance()).getStudiesList())
                .extracting(Study::getStudyName).containsExactlyInAnyOrder("alpha", "beta");

        assertStatus(Status.Code.ALREADY_EXISTS, () -> createStudy("alpha", StudyDirection.MINIMIZE));
        client.deleteStudy(DeleteStudyRequest.newBuilder().setStudyId(a).build());
        assertStatus(Status.Code.NOT_FOUND, () -> client.getStudyNameFromId(
                GetStudyNameFromIdRequest.newBuilder().setStudyId(a).build()));
        assertStatus(Status.Code.NOT_FOUND, () -> client.deleteStudy(DeleteStudyRequest.newBuilder().setStudyId(a).build()));
        long again = createStudy("alpha", StudyDirection.MINIMIZE);
        assertThat(again).as("a deleted study's id is never reused").isGreaterThan(b);
    }

    @Test
    void unknownStudiesAreNotFoundEverywhere() {
        long missing = createStudy("only", StudyDirection.MINIMIZE) + 1;
        for (long id : new long[]{missing, -1, 0, Long.MAX_VALUE}) {
            assertStatus(Status.Code.NOT_FOUND, () -> client.getStudyNameFromId(GetStudyNameFromIdRequest.newBuilder().setStudyId(id).build()));
            assertStatus(Status.Code.NOT_FOUND, () -> client.getStudyDirections(GetStudyDirectionsRequest.newBuilder().setStudyId(id).build()));
            assertStatus(Status.Code.NOT_FOUND, () -> client.getStudyUserAttributes(GetStudyUserAttributesRequest.newBuilder().setStudyId(id).build()));
            assertStatus(Status.Code.NOT_FOUND, () -> client.getStudySystemAttributes(GetStudySystemAttributesRequest.newBuilder().setStudyId(id).build()));
            assertStatus(Status.Code.NOT_FOUND, () -> client.setStudyUserAttribute(SetStudyUserAttributeRequest.newBuilder().setStudyId(id).setKey("k").setValue("1").build()));
            assertStatus(Status.Code.NOT_FOUND, () -> client.setStudySystemAttribute(SetStudySystemAttributeRequest.newBuilder().setStudyId(id).setKey("k").setValue("1").build()));
            assertStatus(Status.Code.NOT_FOUND, () -> client.createNewTrial(CreateNewTrialRequest.newBuilder().setStudyId(id).setTemplateTrialIsNone(true).build()));
            assertStatus(Status.Code.NOT_FOUND, () -> client.getTrials(GetTrialsRequest.newBuilder().setStudyId(id).setTrialIdGreaterThan(-1).build()));
            assertStatus(Status.Code.NOT_FOUND, () -> client.getTrialIdFromStudyIdTrialNumber(GetTrialIdFromStudyIdTrialNumberRequest.newBuilder().setStudyId(id).build()));
            assertStatus(Status.Code.NOT_FOUND, () -> client.deleteStudy(DeleteStudyRequest.newBuilder().setStudyId(id).build()));
        }
        assertStatus(Status.Code.NOT_FOUND, () -> client.getStudyIdFromName(GetStudyIdFromNameRequest.newBuilder().setStudyName("nope").build()));
    }

    @Test
    void badStudyInputIsRefusedWithAReason() {
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> createStudy("", StudyDirection.MINIMIZE));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> createStudy("no-direction"));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.createNewStudy(CreateNewStudyRequest.newBuilder()
                .setStudyName("bad-direction").addDirectionsValue(7).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> createStudy("x".repeat(513), StudyDirection.MINIMIZE));
        long id = createStudy("s", StudyDirection.MINIMIZE);
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.setStudyUserAttribute(SetStudyUserAttributeRequest
                .newBuilder().setStudyId(id).setKey("k").setValue("{not json").build()));
        assertThat(client.getAllStudies(GetAllStudiesRequest.getDefaultInstance()).getStudiesList())
                .as("refused calls leave nothing behind").extracting(Study::getStudyName).containsExactly("s");
        assertThat(client.getStudyUserAttributes(GetStudyUserAttributesRequest.newBuilder().setStudyId(id).build())
                .getUserAttributesMap()).isEmpty();
    }

    @Test
    void attributesComeBackByteForByte() {
        long id = createStudy("attrs", StudyDirection.MINIMIZE);
        Map<String, String> values = Map.of("nan", "NaN", "float", "3.0", "int", "3",
                "text", "\"\\u00fcn\\u00ef \\u2713\"", "nested", "{\"a\": [1, 2.5, -Infinity, null, true]}");
        values.forEach((k, v) -> client.setStudyUserAttribute(SetStudyUserAttributeRequest.newBuilder()
                .setStudyId(id).setKey(k).setValue(v).build()));
        client.setStudySystemAttribute(SetStudySystemAttributeRequest.newBuilder().setStudyId(id)
                .setKey("float").setValue("4.0").build());
        client.setStudyUserAttribute(SetStudyUserAttributeRequest.newBuilder().setStudyId(id)
                .setKey("int").setValue("4").build());
        Map<String, String> expected = new java.util.HashMap<>(values);
        expected.put("int", "4");
        assertThat(client.getStudyUserAttributes(GetStudyUserAttributesRequest.newBuilder().setStudyId(id).build())
                .getUserAttributesMap()).isEqualTo(expected);
        assertThat(client.getStudySystemAttributes(GetStudySystemAttributesRequest.newBuilder().setStudyId(id).build())
                .getSystemAttributesMap()).isEqualTo(Map.of("float", "4.0"));
        Study listed = client.getAllStudies(GetAllStudiesRequest.getDefaultInstance()).getStudies(0);
        assertThat(listed.getUserAttributesMap()).isEqualTo(expected);
        assertThat(listed.getSystemAttributesMap()).isEqualTo(Map.of("float", "4.0"));
    }

    @Test
    void newTrialsAreRunningWithDenseNumbersAndNowAsStart() {
        long study = createStudy("trials", StudyDirection.MINIMIZE);
        LocalDateTime before = LocalDateTime.now().withNano(LocalDateTime.now().getNano() / 1000 * 1000);
        long first = createTrial(study);
        long second = createTrial(study);
        Trial t = trial(second);
        assertThat(second).isGreaterThan(first);
        assertThat(trial(first).getNumber()).isZero();
        assertThat(t.getNumber()).isEqualTo(1);
        assertThat(t.getState()).isEqualTo(TrialState.RUNNING);
        assertThat(t.getDatetimeStart()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        assertThat(LocalDateTime.parse(t.getDatetimeStart(), PYTHON)).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(t.getDatetimeComplete()).isEmpty();
        assertThat(t.getValuesList()).isEmpty();
        assertThat(client.getTrialIdFromStudyIdTrialNumber(GetTrialIdFromStudyIdTrialNumberRequest.newBuilder()
                .setStudyId(study).setTrialNumber(1).build()).getTrialId()).isEqualTo(second);
        assertStatus(Status.Code.NOT_FOUND, () -> client.getTrialIdFromStudyIdTrialNumber(
                GetTrialIdFromStudyIdTrialNumberRequest.newBuilder().setStudyId(study).setTrialNumber(2).build()));
    }

    @Test
    void templatesAreCopiedExactly() {
        long study = createStudy("templates", StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE);
        Trial complete = Trial.newBuilder().setTrialId(-1).setNumber(99).setState(TrialState.COMPLETE)
                .addValues(1.5).addValues(Double.POSITIVE_INFINITY)
                .setDatetimeStart("2025-01-02 03:04:05.000006").setDatetimeComplete("2025-01-02 03:04:06.123456")
                .putParams("x", 0.25).putDistributions("x", FLOAT_X)
                .putParams("opt", 1.0).putDistributions("opt", CAT_OPT)
                .putUserAttributes("u", "[1, 2]").putSystemAttributes("s", "NaN")
                .putIntermediateValues(0, Double.NaN).putIntermediateValues(3, 0.5).build();
        long id = client.createNewTrial(CreateNewTrialRequest.newBuilder().setStudyId(study)
                .setTemplateTrial(complete).build()).getTrialId();
        Trial stored = trial(id);
        assertThat(stored.toBuilder().clearTrialId().clearNumber().build())
                .isEqualTo(complete.toBuilder().clearTrialId().clearNumber().build());
        assertThat(stored.getNumber()).isZero();

        Trial waiting = Trial.newBuilder().setState(TrialState.WAITING)
                .putSystemAttributes("fixed_params", "{\"x\": 0.5}").build();
        Trial enqueued = trial(client.createNewTrial(CreateNewTrialRequest.newBuilder().setStudyId(study)
                .setTemplateTrial(waiting).build()).getTrialId());
        assertThat(enqueued.getState()).isEqualTo(TrialState.WAITING);
        assertThat(enqueued.getDatetimeStart()).isEmpty();
        assertThat(enqueued.getNumber()).isEqualTo(1);
    }

    @Test
    void badTemplatesAreRefusedWithoutConsumingANumber() {
        long study = createStudy("bad-templates", StudyDirection.MINIMIZE);
        List<Trial> bad = List.of(
                Trial.newBuilder().setStateValue(9).build(),
                Trial.newBuilder().setState(TrialState.COMPLETE).putParams("x", 0.5).build(),
                Trial.newBuilder().setState(TrialState.COMPLETE).putParams("x", 0.5).putDistributions("x", "{oops").build(),
                Trial.newBuilder().setState(TrialState.COMPLETE).setDatetimeStart("2025-01-02 03:04:05").build(),
                Trial.newBuilder().setState(TrialState.COMPLETE).putUserAttributes("u", "not json").build());
        for (Trial template : bad) {
            assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.createNewTrial(CreateNewTrialRequest.newBuilder()
                    .setStudyId(study).setTemplateTrial(template).build()));
        }
        long id = createTrial(study);
        assertThat(trial(id).getNumber()).isZero();
        assertThat(client.getTrials(GetTrialsRequest.newBuilder().setStudyId(study).setTrialIdGreaterThan(-1).build())
                .getTrialsCount()).isEqualTo(1);
    }

    @Test
    void parametersFollowTheCompatibilityRuleInOptunasOrder() {
        long study = createStudy("params", StudyDirection.MINIMIZE);
        long t0 = createTrial(study);
        setParam(t0, "x", 0.5, FLOAT_X);
        setParam(t0, "n", 3, INT_N);
        setParam(t0, "opt", 2, CAT_OPT);
        Trial stored = trial(t0);
        assertThat(stored.getParamsMap()).isEqualTo(Map.of("x", 0.5, "n", 3.0, "opt", 2.0));
        assertThat(stored.getDistributionsMap()).isEqualTo(Map.of("x", FLOAT_X, "n", INT_N, "opt", CAT_OPT));

        long t1 = createTrial(study);
        setParam(t1, "x", -3, FLOAT_X_WIDER);
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> setParam(t1, "x", 0.5, FLOAT_X_LOG));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> setParam(t1, "n", 0.5, FLOAT_X));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> setParam(t1, "opt", 0,
                "{\"name\": \"CategoricalDistribution\", \"attributes\": {\"choices\": [\"sgd\"]}}"));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> setParam(t1, "y", 0, "{\"name\": \"FloatDistribution\""));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> setParam(t1, "y", 0,
                "{\"name\": \"FloatDistribution\", \"attributes\": {\"low\": 2.0, \"high\": 1.0}}"));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> setParam(t1, "y", 0,
                "{\"name\": \"BetaDistribution\", \"attributes\": {}}"));
        assertThat(trial(t1).getParamsMap()).as("refused params are not stored").isEqualTo(Map.of("x", -3.0));

        assertStatus(Status.Code.NOT_FOUND, () -> setParam(t1 + 100, "x", 0.5, FLOAT_X));
        assertStatus(Status.Code.NOT_FOUND, () -> setParam(-1, "x", 0.5, FLOAT_X));
        setState(t1, TrialState.COMPLETE, 1.0);
        // Finished beats incompatible: Optuna checks the state first.
        assertStatus(Status.Code.FAILED_PRECONDITION, () -> setParam(t1, "x", 0.5, FLOAT_X_LOG));
    }

    @Test
    void stateChangesFollowOptuna() {
        long study = createStudy("states", StudyDirection.MINIMIZE);
        long waiting = client.createNewTrial(CreateNewTrialRequest.newBuilder().setStudyId(study)
                .setTemplateTrial(Trial.newBuilder().setState(TrialState.WAITING).build()).build()).getTrialId();
        assertThat(setState(waiting, TrialState.RUNNING)).isTrue();
        Trial running = trial(waiting);
        assertThat(running.getState()).isEqualTo(TrialState.RUNNING);
        assertThat(running.getDatetimeStart()).isNotEmpty();
        assertThat(setState(waiting, TrialState.RUNNING)).as("only a WAITING trial can be claimed").isFalse();
        client.setTrialIntermediateValue(SetTrialIntermediateValueRequest.newBuilder().setTrialId(waiting)
                .setStep(1).setIntermediateValue(0.9).build());
        client.setTrialIntermediateValue(SetTrialIntermediateValueRequest.newBuilder().setTrialId(waiting)
                .setStep(1).setIntermediateValue(Double.NaN).build());
        client.setTrialUserAttribute(SetTrialUserAttributeRequest.newBuilder().setTrialId(waiting)
                .setKey("loss_curve").setValue("[1.0, 0.5]").build());
        client.setTrialSystemAttribute(SetTrialSystemAttributeRequest.newBuilder().setTrialId(waiting)
                .setKey("constraints").setValue("[-1.0]").build());
        assertThat(setState(waiting, TrialState.PRUNED, 0.9)).isTrue();
        Trial pruned = trial(waiting);
        assertThat(pruned.getState()).isEqualTo(TrialState.PRUNED);
        assertThat(pruned.getValuesList()).containsExactly(0.9);
        assertThat(pruned.getDatetimeComplete()).isNotEmpty();
        assertThat(pruned.getIntermediateValuesMap()).containsOnlyKeys(1L);
        assertThat(pruned.getIntermediateValuesMap().get(1L)).isNaN();
        assertThat(pruned.getUserAttributesMap()).isEqualTo(Map.of("loss_curve", "[1.0, 0.5]"));
        assertThat(pruned.getSystemAttributesMap()).isEqualTo(Map.of("constraints", "[-1.0]"));

        for (TrialState any : List.of(TrialState.RUNNING, TrialState.COMPLETE, TrialState.WAITING, TrialState.FAIL)) {
            assertStatus(Status.Code.FAILED_PRECONDITION, () -> setState(waiting, any, 1.0));
        }
        assertStatus(Status.Code.FAILED_PRECONDITION, () -> client.setTrialIntermediateValue(
                SetTrialIntermediateValueRequest.newBuilder().setTrialId(waiting).setStep(2).build()));
        assertStatus(Status.Code.FAILED_PRECONDITION, () -> client.setTrialUserAttribute(
                SetTrialUserAttributeRequest.newBuilder().setTrialId(waiting).setKey("k").setValue("1").build()));
        assertStatus(Status.Code.FAILED_PRECONDITION, () -> client.setTrialSystemAttribute(
                SetTrialSystemAttributeRequest.newBuilder().setTrialId(waiting).setKey("k").setValue("1").build()));
        assertThat(trial(waiting)).as("a finished trial never changes").isEqualTo(pruned);

        long running2 = createTrial(study);
        setState(running2, TrialState.RUNNING);
        assertThat(setState(running2, TrialState.COMPLETE)).isTrue();
        assertThat(trial(running2).getValuesList()).as("empty values mean None").isEmpty();
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.setTrialStateValues(SetTrialStateValuesRequest
                .newBuilder().setTrialId(createTrial(study)).setStateValue(12).build()));
    }

    @Test
    void unknownTrialsAreNotFoundEverywhere() {
        long study = createStudy("missing-trials", StudyDirection.MINIMIZE);
        long missing = createTrial(study) + 1;
        for (long id : new long[]{missing, -1, 0}) {
            assertStatus(Status.Code.NOT_FOUND, () -> trial(id));
            assertStatus(Status.Code.NOT_FOUND, () -> setState(id, TrialState.COMPLETE, 1.0));
            assertStatus(Status.Code.NOT_FOUND, () -> client.setTrialIntermediateValue(
                    SetTrialIntermediateValueRequest.newBuilder().setTrialId(id).build()));
            assertStatus(Status.Code.NOT_FOUND, () -> client.setTrialUserAttribute(
                    SetTrialUserAttributeRequest.newBuilder().setTrialId(id).setKey("k").setValue("1").build()));
            assertStatus(Status.Code.NOT_FOUND, () -> client.setTrialSystemAttribute(
                    SetTrialSystemAttributeRequest.newBuilder().setTrialId(id).setKey("k").setValue("1").build()));
        }
    }

    @Test
    void getTrialsReturnsTheUnionOfNewerAndIncluded() {
        long study = createStudy("cache", StudyDirection.MINIMIZE);
        long other = createStudy("other", StudyDirection.MINIMIZE);
        long a = createTrial(study);
        long b = createTrial(study);
        long foreign = createTrial(other);
        long c = createTrial(study);
        setState(b, TrialState.COMPLETE, 1.0);
        List<Long> ids = client.getTrials(GetTrialsRequest.newBuilder().setStudyId(study)
                        .setTrialIdGreaterThan(b).addIncludedTrialIds(a).addIncludedTrialIds(foreign).build())
                .getTrialsList().stream().map(Trial::getTrialId).toList();
        assertThat(ids).containsExactlyInAnyOrder(a, c);
        assertThat(client.getTrials(GetTrialsRequest.newBuilder().setStudyId(study).setTrialIdGreaterThan(-1).build())
                .getTrialsList()).extracting(Trial::getNumber).containsExactlyInAnyOrder(0L, 1L, 2L);
        client.deleteStudy(DeleteStudyRequest.newBuilder().setStudyId(study).build());
        assertStatus(Status.Code.NOT_FOUND, () -> trial(a));
        assertThat(trial(foreign).getTrialId()).as("other studies keep their trials").isEqualTo(foreign);
    }

    @Test
    void oversizedMessagesAreRefusedAndChangeNothing() {
        long study = createStudy("big", StudyDirection.MINIMIZE);
        String tenMegabytes = "\"" + "x".repeat(10 * 1024 * 1024) + "\"";
        assertStatus(Status.Code.RESOURCE_EXHAUSTED, () -> client.setStudyUserAttribute(SetStudyUserAttributeRequest
                .newBuilder().setStudyId(study).setKey("big").setValue(tenMegabytes).build()));
        assertThat(client.getStudyUserAttributes(GetStudyUserAttributesRequest.newBuilder().setStudyId(study).build())
                .getUserAttributesMap()).isEmpty();
        String threeMegabytes = "\"" + "y".repeat(3 * 1024 * 1024) + "\"";
        client.setStudyUserAttribute(SetStudyUserAttributeRequest.newBuilder().setStudyId(study).setKey("fits")
                .setValue(threeMegabytes).build());
        assertThat(client.getStudyUserAttributes(GetStudyUserAttributesRequest.newBuilder().setStudyId(study).build())
                .getUserAttributesMap().get("fits")).isEqualTo(threeMegabytes);
    }

    /**
     * What the probe stored and every Optuna client of the study then failed to decode: a categorical index past the
     * choices, and a single-objective trial completed with two values. Both are refused and leave the trial as it was.
     */
    @Test
    void valuesOptunaCouldNotReadBackAreRefused() {
        String twoChoices = "{\"name\": \"CategoricalDistribution\", \"attributes\": {\"choices\": [\"a\", \"b\"]}}";
        long study = createStudy("strict", StudyDirection.MINIMIZE);
        long trial = createTrial(study);
        for (double index : new double[]{7, 2, -1, 0.5, Double.NaN}) {
            assertStatus(Status.Code.INVALID_ARGUMENT, () -> setParam(trial, "choice", index, twoChoices));
        }
        setParam(trial, "choice", 1, twoChoices);
        assertThat(trial(trial).getParamsMap()).containsEntry("choice", 1.0);

        assertStatus(Status.Code.INVALID_ARGUMENT, () -> setState(trial, TrialState.COMPLETE, 1.0, 2.0));
        assertThat(trial(trial).getState()).isEqualTo(TrialState.RUNNING);
        assertThat(setState(trial, TrialState.COMPLETE, 1.0)).isTrue();

        long twoObjectives = createStudy("strict-2", StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE);
        long other = createTrial(twoObjectives);
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> setState(other, TrialState.COMPLETE, 1.0));
        assertThat(setState(other, TrialState.FAIL)).as("a failed trial has no values").isTrue();

        Trial.Builder template = Trial.newBuilder().setState(TrialState.COMPLETE).addValues(1.0).addValues(2.0);
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.createNewTrial(CreateNewTrialRequest.newBuilder()
                .setStudyId(study).setTemplateTrial(template).build()));
        Trial.Builder badChoice = Trial.newBuilder().setState(TrialState.WAITING).putParams("choice", 5.0)
                .putDistributions("choice", twoChoices);
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.createNewTrial(CreateNewTrialRequest.newBuilder()
                .setStudyId(study).setTemplateTrial(badChoice).build()));
        assertThat(server.storage.trials(study, -1, List.of())).hasSize(1);
    }
}
