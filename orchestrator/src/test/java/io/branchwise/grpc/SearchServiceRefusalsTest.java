package io.branchwise.grpc;

import io.branchwise.json.PlainJson;
import io.branchwise.proto.search.AskReply;
import io.branchwise.proto.search.AskRequest;
import io.branchwise.proto.search.DeleteStudyRequest;
import io.branchwise.proto.search.GetAffinityRequest;
import io.branchwise.proto.search.GetRecommendationRequest;
import io.branchwise.proto.search.GetStudyRequest;
import io.branchwise.proto.search.JobKind;
import io.branchwise.proto.search.ListTrialsRequest;
import io.branchwise.proto.search.ReportRequest;
import io.branchwise.proto.search.SearchServiceGrpc;
import io.branchwise.proto.search.SpecFormat;
import io.branchwise.proto.search.SpecProblem;
import io.branchwise.proto.search.StartSearchRequest;
import io.branchwise.proto.search.StopSearchRequest;
import io.branchwise.proto.search.TellRequest;
import io.branchwise.proto.search.TrialState;
import io.branchwise.proto.search.ValidateSpecRequest;
import io.branchwise.space.study.StudyDirection;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every refusal of {@code branchwise.SearchService}: the status code, and a message naming the field at fault.
 * A refused call changes nothing: the job it named carries on as if it had not been made.
 */
@Timeout(120)
class SearchServiceRefusalsTest {
    @TempDir
    Path dir;

    static void refused(Status.Code code, String message, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }

    static final String EPOCH = "{\"type\": \"epoch\", \"epoch\": 1, \"values\": {\"a\": 0.5}}";
    static final String RESULT = "{\"epochs\": 1, \"validation\": {\"a\": {\"rmse\": 0.5}}, \"test\": {\"a\": {\"rmse\": 0.6}}}";

    @Test
    void askReportAndTellRefuseBadCallsWithTheFieldAndTheRightCode() throws Exception {
        try (RunningServer server = ExternalTrainersOverGrpcTest.hosting(dir, c -> c)) {
            SearchServiceGrpc.SearchServiceBlockingStub client = server.searchClient();
            long id = ExternalTrainersOverGrpcTest.start(server, ExternalTrainersOverGrpcTest.spec("refusals", "none"));
            AskReply job = client.ask(AskRequest.newBuilder().setWorker("w1").setStudyId(id).setWaitSeconds(30).build());
            assertThat(job.getHasTrial()).isTrue();
            // Groundwork hands out its costliest job first (JobQueue); which one that is is not this test's concern.
            assertThat(job.getKind()).isIn(JobKind.JOB_KIND_BASELINE, JobKind.JOB_KIND_REFERENCE);
            assertThat(job.getJobName()).matches("stl-.+|linear-.+|reference-.+");
            assertThat(job.getStudyName()).isEqualTo("refusals");
            assertThat(job.getTimeLimitSeconds()).isEqualTo(3600.0);
            assertThat(job.getLeaseSeconds()).isEqualTo(120.0);
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) PlainJson.read(job.getTrialSpecJson());
            assertThat(spec).containsKeys("layout", "trainer", "data", "tasks", "weighting", "training");
            String t = job.getTicket();
            @SuppressWarnings("unchecked")
            List<String> tasks = ((List<Map<String, Object>>) spec.get("tasks")).stream()
                    .map(task -> String.valueOf(task.get("name"))).toList();
            // The calls below speak of the job's own first task.
            String epochJson = EPOCH.replace("\"a\"", "\"" + tasks.get(0) + "\"");
            String resultJson = RESULT.replace("\"a\"", "\"" + tasks.get(0) + "\"");

            refused(Status.Code.INVALID_ARGUMENT, "worker: required", () -> client.ask(AskRequest.newBuilder().build()));
            refused(Status.Code.INVALID_ARGUMENT, "wait_seconds: must be 0 or more seconds, got -1.0",
                    () -> client.ask(AskRequest.newBuilder().setWorker("w").setWaitSeconds(-1).build()));
            refused(Status.Code.INVALID_ARGUMENT, "wait_seconds: must be 0 or more seconds, got NaN",
                    () -> client.ask(AskRequest.newBuilder().setWorker("w").setWaitSeconds(Double.NaN).build()));
            refused(Status.Code.INVALID_ARGUMENT, "study_id: must be 0 (any study) or a study's id, got -3",
                    () -> client.ask(AskRequest.newBuilder().setWorker("w").setStudyId(-3).build()));
            refused(Status.Code.NOT_FOUND, "no study with id 999",
                    () -> client.ask(AskRequest.newBuilder().setWorker("w").setStudyId(999).build()));

            refused(Status.Code.INVALID_ARGUMENT, "ticket: required", () -> client.report(ReportRequest.newBuilder().build()));
            refused(Status.Code.NOT_FOUND, "ticket \"nope\" names no job",
                    () -> client.report(ReportRequest.newBuilder().setTicket("nope").build()));
            refused(Status.Code.INVALID_ARGUMENT, "report_json: $: not JSON",
                    () -> client.report(ReportRequest.newBuilder().setTicket(t).setReportJson("{epoch: 1}").build()));
            refused(Status.Code.INVALID_ARGUMENT, "report_json: $.values." + tasks.get(0) + ": expected a number, got \"0.5\"",
                    () -> client.report(ReportRequest.newBuilder().setTicket(t).setReportJson(epochJson.replace("0.5", "\"0.5\"")).build()));
            refused(Status.Code.INVALID_ARGUMENT, "report_json: $.values: names [d], not among the trial's tasks " + tasks,
                    () -> client.report(ReportRequest.newBuilder().setTicket(t).setReportJson(epochJson.replace("}}", ", \"d\": 1}}")).build()));

            refused(Status.Code.INVALID_ARGUMENT, "ticket: required", () -> client.tell(TellRequest.newBuilder().build()));
            refused(Status.Code.INVALID_ARGUMENT, "outcome: set result_json",
                    () -> client.tell(TellRequest.newBuilder().setTicket(t).build()));
            refused(Status.Code.INVALID_ARGUMENT, "failure_reason: must say why",
                    () -> client.tell(TellRequest.newBuilder().setTicket(t).setFailureReason(" ").build()));
            refused(Status.Code.INVALID_ARGUMENT, "failure_path: goes with failure_reason only",
                    () -> client.tell(TellRequest.newBuilder().setTicket(t).setResultJson(resultJson).setFailurePath("x").build()));
            refused(Status.Code.INVALID_ARGUMENT, "result_json: $.validation: missing",
                    () -> client.tell(TellRequest.newBuilder().setTicket(t).setResultJson("{\"epochs\": 1, \"test\": {}}").build()));
            refused(Status.Code.NOT_FOUND, "names no job",
                    () -> client.tell(TellRequest.newBuilder().setTicket("nope").setResultJson(resultJson).build()));

            // None of that touched the job: it reports and tells as if nothing had happened, exactly once.
            assertThat(client.report(ReportRequest.newBuilder().setTicket(t).setReportJson(epochJson).build()).getShouldStop()).isFalse();
            assertThat(client.tell(TellRequest.newBuilder().setTicket(t).setResultJson(resultJson).build()).getOutcome())
                    .isEqualTo("COMPLETE");
            refused(Status.Code.FAILED_PRECONDITION, "the trial has already ended (COMPLETE)",
                    () -> client.tell(TellRequest.newBuilder().setTicket(t).setResultJson(resultJson).build()));
            refused(Status.Code.FAILED_PRECONDITION, "already ended",
                    () -> client.report(ReportRequest.newBuilder().setTicket(t).setReportJson(epochJson).build()));

            // A running search's study is not deleted; stopped, it is.
            refused(Status.Code.FAILED_PRECONDITION, "study_id: study " + id + " has a running search",
                    () -> client.deleteStudy(DeleteStudyRequest.newBuilder().setStudyId(id).build()));
            try (SearchFinishedWatch watch = new SearchFinishedWatch(server.port, id)) {
                client.stopSearch(StopSearchRequest.newBuilder().setStudyId(id).setReason("test over").build());
                assertThat(watch.await(ExternalTrainersOverGrpcTest.FINISH)).contains("\"status\":\"stopped\"")
                        .contains("\"reason\":\"test over\"");
            }
            assertThat(client.getStudy(GetStudyRequest.newBuilder().setStudyId(id).build()).getStudy().getSearchState())
                    .isEqualTo("stopped");
            refused(Status.Code.FAILED_PRECONDITION, "study_id: no search is running on study " + id,
                    () -> client.stopSearch(StopSearchRequest.newBuilder().setStudyId(id).build()));
            client.deleteStudy(DeleteStudyRequest.newBuilder().setStudyId(id).build());
            refused(Status.Code.NOT_FOUND, "no study with id " + id,
                    () -> client.getStudy(GetStudyRequest.newBuilder().setStudyId(id).build()));
        }
    }

    @Test
    void specsAreCheckedWithEveryProblemAtItsPath() throws Exception {
        try (RunningServer server = ExternalTrainersOverGrpcTest.hosting(dir, c -> c)) {
            SearchServiceGrpc.SearchServiceBlockingStub client = server.searchClient();
            String good = ExternalTrainersOverGrpcTest.spec("checked", "none");
            assertThat(client.validateSpec(ValidateSpecRequest.newBuilder().setSpec(good).build()).getProblemsList()).isEmpty();

            // Fields first (every problem of them at once), then the plugins and the data.
            String badFields = good.replace("trials: 6", "trials: 0").replace("methods: [ew, dwa]", "methods: [ew, nope]");
            List<SpecProblem> problems = client.validateSpec(ValidateSpecRequest.newBuilder().setSpec(badFields)
                    .setFormat(SpecFormat.SPEC_FORMAT_YAML).build()).getProblemsList();
            assertThat(problems).hasSize(2).extracting(SpecProblem::getPath).contains("search.trials");
            assertThat(problems).anySatisfy(p -> assertThat(p.getMessage()).contains("nope"));
            String badPlugin = good.replace("type: fixture-regression, target: b", "type: ordinal, target: b");
            assertThat(client.validateSpec(ValidateSpecRequest.newBuilder().setSpec(badPlugin).build()).getProblemsList())
                    .singleElement().satisfies(p -> {
                        assertThat(p.getPath()).startsWith("tasks[1]");
                        assertThat(p.getMessage()).contains("ordinal");
                    });
            assertThat(client.validateSpec(ValidateSpecRequest.newBuilder().setSpec(good.replace("name: checked\n", ""))
                    .build()).getProblemsList()).extracting(SpecProblem::getPath).containsExactly("name");
            assertThat(client.validateSpec(ValidateSpecRequest.newBuilder().setSpec("tasks: [a\n").build()).getProblemsList())
                    .singleElement().satisfies(p -> {
                        assertThat(p.getPath()).isEmpty();
                        assertThat(p.getMessage()).contains("the spec line");
                    });
            assertThat(client.validateSpec(ValidateSpecRequest.newBuilder().setSpec("name: x").setFormat(SpecFormat.SPEC_FORMAT_JSON)
                    .build()).getProblemsList()).singleElement()
                    .satisfies(p -> assertThat(p.getMessage()).startsWith("the spec is not valid JSON"));
            refused(Status.Code.INVALID_ARGUMENT, "format: unknown format",
                    () -> client.validateSpec(ValidateSpecRequest.newBuilder().setSpec(good).setFormatValue(7).build()));

            refused(Status.Code.INVALID_ARGUMENT, "spec: 2 problems: ",
                    () -> client.startSearch(StartSearchRequest.newBuilder().setSpec(badFields).setExternalTrainers(true).build()));
            refused(Status.Code.INVALID_ARGUMENT, "spec: 1 problem: tasks[1]",
                    () -> client.startSearch(StartSearchRequest.newBuilder().setSpec(badPlugin).setExternalTrainers(true).build()));
            server.storage.createStudy("taken", List.of(StudyDirection.MINIMIZE));
            long taken = server.storage.studyIdByName("taken");
            refused(Status.Code.FAILED_PRECONDITION, "a study named \"taken\" already exists",
                    () -> client.startSearch(StartSearchRequest.newBuilder().setSpec(good.replace("name: checked", "name: taken"))
                            .build()));
            assertThat(client.listTrials(ListTrialsRequest.newBuilder().setStudyId(taken).build()).getTrialsList())
                    .as("the refused start wrote nothing").isEmpty();

            refused(Status.Code.NOT_FOUND, "no study with id 999",
                    () -> client.stopSearch(StopSearchRequest.newBuilder().setStudyId(999).build()));
            refused(Status.Code.FAILED_PRECONDITION, "no search is running on study " + taken,
                    () -> client.stopSearch(StopSearchRequest.newBuilder().setStudyId(taken).build()));
            refused(Status.Code.FAILED_PRECONDITION, "study " + taken + " has no affinity matrix",
                    () -> client.getAffinity(GetAffinityRequest.newBuilder().setStudyId(taken).build()));
            refused(Status.Code.FAILED_PRECONDITION, "study " + taken + " has no recommendation",
                    () -> client.getRecommendation(GetRecommendationRequest.newBuilder().setStudyId(taken).build()));
            refused(Status.Code.NOT_FOUND, "no study with id 999",
                    () -> client.getRecommendation(GetRecommendationRequest.newBuilder().setStudyId(999).build()));
            refused(Status.Code.INVALID_ARGUMENT, "limit: must be 1 to 1000 (0 means 100), got 5000",
                    () -> client.listTrials(ListTrialsRequest.newBuilder().setStudyId(taken).setLimit(5000).build()));
            refused(Status.Code.INVALID_ARGUMENT, "page_token: \"garbage\" is not a ListTrials page token",
                    () -> client.listTrials(ListTrialsRequest.newBuilder().setStudyId(taken).setPageToken("garbage").build()));
            refused(Status.Code.INVALID_ARGUMENT, "states[1]: not a trial state",
                    () -> client.listTrials(ListTrialsRequest.newBuilder().setStudyId(taken)
                            .addStates(TrialState.TRIAL_STATE_COMPLETE).addStates(TrialState.TRIAL_STATE_UNSPECIFIED).build()));
            refused(Status.Code.NOT_FOUND, "no study with id 999",
                    () -> client.listTrials(ListTrialsRequest.newBuilder().setStudyId(999).build()));
        }
    }

    @Test
    void aServerWithoutSearchHostingRefusesToStartOne() throws Exception {
        try (RunningServer server = new RunningServer(dir)) {
            refused(Status.Code.UNAVAILABLE, "this server was started without search hosting",
                    () -> server.searchClient().startSearch(StartSearchRequest.newBuilder()
                            .setSpec(ExternalTrainersOverGrpcTest.spec("x", "none")).build()));
        }
    }

    @Test
    void aSearchStartedWithoutExternalTrainersRunsOnTheServersOwnLauncher() throws Exception {
        try (RunningServer server = ExternalTrainersOverGrpcTest.hosting(dir, c -> c)) {
            // The server's launcher (the planted model in this JVM) measures no affinity: groupings are listed.
            String spec = ExternalTrainersOverGrpcTest.spec("local", "none").replace("groupings: auto", "groupings: all");
            long id = server.searchClient().startSearch(StartSearchRequest.newBuilder().setSpec(spec).build()).getStudyId();
            try (SearchFinishedWatch watch = new SearchFinishedWatch(server.port, id)) {
                // It may have finished before the watch opened; then the stored state already says so.
                String state = server.searchClient().getStudy(GetStudyRequest.newBuilder().setStudyId(id).build())
                        .getStudy().getSearchState();
                if (!state.equals("complete")) {
                    assertThat(watch.await(ExternalTrainersOverGrpcTest.FINISH)).contains("\"status\":\"complete\"");
                }
            }
            assertThat(server.searchClient().ask(AskRequest.newBuilder().setWorker("w").build()).getHasTrial())
                    .as("none of its jobs went to the external queue").isFalse();
            assertThat(server.searchClient().listTrials(ListTrialsRequest.newBuilder().setStudyId(id).build()).getTrialsList())
                    .hasSize(6).allMatch(t -> t.getState() == TrialState.TRIAL_STATE_COMPLETE);
            assertThat(server.searchClient().getRecommendation(GetRecommendationRequest.newBuilder().setStudyId(id).build())
                    .getLayout()).isNotEmpty();
        }
    }
}
