"""An external trainer in Python: starts a search whose jobs wait for trainers outside the server, then trains every
job through Ask / Report / Tell over stubs that Debian's protoc generated from branchwise/search.proto. The "model"
is a stand-in: each task's error is 1.0 trained alone and 0.9 trained with others. Run by
PythonExternalTrainerTest; exits non-zero on the first mismatch.

usage: external_trainer.py PORT STUB_DIR SPEC_FILE
"""
import json
import sys

sys.path.insert(0, sys.argv[2])
import grpc  # noqa: E402
from branchwise import search_pb2 as pb  # noqa: E402
from branchwise import search_pb2_grpc as pb_grpc  # noqa: E402

stub = pb_grpc.SearchServiceStub(grpc.insecure_channel("127.0.0.1:" + sys.argv[1]))
with open(sys.argv[3], encoding="utf-8") as f:
    spec_text = f.read()


def expect_status(code, call, what):
    try:
        call()
    except grpc.RpcError as e:
        assert e.code() == code, "%s: expected %s, got %s (%s)" % (what, code, e.code(), e.details())
        return e.details()
    raise AssertionError(what + ": expected " + str(code) + " but the call succeeded")


problems = stub.ValidateSpec(pb.ValidateSpecRequest(spec=spec_text, format=pb.SPEC_FORMAT_YAML)).problems
assert not problems, "the spec has problems: %s" % problems
started = stub.StartSearch(pb.StartSearchRequest(spec=spec_text, format=pb.SPEC_FORMAT_YAML, external_trainers=True))

jobs = {}
while True:
    job = stub.Ask(pb.AskRequest(worker="python", study_id=started.study_id, wait_seconds=2))
    if not job.has_trial:
        state = stub.GetStudy(pb.GetStudyRequest(study_id=started.study_id)).study.search_state
        if state == "running":
            continue
        assert state == "complete", "the search ended " + state
        break
    assert job.study_name == started.study_name
    spec = json.loads(job.trial_spec_json)
    tasks = [t["name"] for t in spec["tasks"]]
    error = 1.0 if len(tasks) == 1 else 0.9
    stopped = False
    epochs = 0
    for epoch in range(1, spec["training"]["epochs"] + 1):
        epochs = epoch
        values = {t: error * (1 + 0.5 / epoch) for t in tasks}
        reply = stub.Report(pb.ReportRequest(ticket=job.ticket, report_json=json.dumps(
            {"type": "epoch", "epoch": epoch, "values": values, "train_loss": values, "seconds": 0.01, "samples": 32})))
        if reply.should_stop:
            stopped = True
            break
    final = {t: {"rmse": error * (1 + 0.5 / epochs)} for t in tasks}
    result = {"type": "result", "epochs": epochs, "stopped": stopped, "validation": final, "test": final}
    if spec["training"].get("affinity_every", 0) > 0:
        result["affinity"] = {"tasks": tasks, "matrix": [[0.0 if i == j else 0.1 for j in tasks] for i in tasks]}
    if not jobs:
        # The first job also checks refusals: a malformed report and an unknown ticket change nothing.
        details = expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: stub.Report(pb.ReportRequest(
            ticket=job.ticket, report_json=json.dumps({"type": "epoch", "epoch": 1, "values": {"x": 1.0}}))),
            "report for an unknown task")
        assert details.startswith("report_json: $.values"), details
        expect_status(grpc.StatusCode.NOT_FOUND, lambda: stub.Tell(pb.TellRequest(
            ticket="no-such-ticket", result_json=json.dumps(result))), "tell with an unknown ticket")
    told = stub.Tell(pb.TellRequest(ticket=job.ticket, result_json=json.dumps(result)))
    assert told.outcome in ("COMPLETE", "STOPPED"), told.outcome
    jobs[job.job_name] = pb.JobKind.Name(job.kind)

recommendation = stub.GetRecommendation(pb.GetRecommendationRequest(study_id=started.study_id))
assert abs(recommendation.delta_m - 10.0) < 1e-9, recommendation.delta_m
print("external ok: %d jobs (%s), study %d, recommended %s with delta_m %.1f%%" % (
    len(jobs), ", ".join(sorted(set(jobs.values()))), started.study_id, recommendation.layout,
    recommendation.delta_m))
