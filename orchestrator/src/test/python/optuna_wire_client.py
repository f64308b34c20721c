"""Drives a Branchwise server from Python the way Optuna's GrpcStorageProxy does, over stubs that Debian's protoc
generated from Branchwise's own api.proto. Run by PythonInteropTest; exits non-zero on the first mismatch.

usage: optuna_wire_client.py PORT STUB_DIR
"""
import datetime
import json
import math
import sys
import threading

sys.path.insert(0, sys.argv[2])
import grpc  # noqa: E402
import api_pb2 as pb  # noqa: E402
import api_pb2_grpc as pb_grpc  # noqa: E402

TARGET = "127.0.0.1:" + sys.argv[1]
FORMAT = "%Y-%m-%d %H:%M:%S.%f"
checks = 0


def check(condition, what):
    global checks
    if not condition:
        raise AssertionError(what)
    checks += 1


def stub():
    return pb_grpc.StorageServiceStub(grpc.insecure_channel(TARGET))


def expect_status(code, call, what):
    try:
        call()
    except grpc.RpcError as e:
        check(e.code() == code, "%s: expected %s, got %s (%s)" % (what, code, e.code(), e.details()))
        check(bool(e.details()), what + ": status without a message")
        return
    raise AssertionError(what + ": expected " + str(code) + " but the call succeeded")


def distribution_json(name, **attributes):
    # The same text Optuna's distribution_to_json produces: json.dumps of name and the instance __dict__.
    return json.dumps({"name": name, "attributes": attributes})


FLOAT_X = distribution_json("FloatDistribution", step=None, low=0.0, high=1.0, log=False)
FLOAT_X_LOG = distribution_json("FloatDistribution", step=None, low=0.1, high=1.0, log=True)
INT_N = distribution_json("IntDistribution", log=False, step=1, low=1, high=8)
CAT = distribution_json("CategoricalDistribution", choices=["sgd", "adam", None, float("nan")])


def new_trial(s, study_id):
    return s.CreateNewTrial(pb.CreateNewTrialRequest(study_id=study_id, template_trial_is_none=True)).trial_id


def get_trial(s, trial_id):
    return s.GetTrial(pb.GetTrialRequest(trial_id=trial_id)).trial


def main():
    s = stub()
    study_id = s.CreateNewStudy(pb.CreateNewStudyRequest(
        study_name="py-interop", directions=[pb.MINIMIZE, pb.MAXIMIZE])).study_id
    check(s.GetStudyIdFromName(pb.GetStudyIdFromNameRequest(study_name="py-interop")).study_id == study_id, "id by name")
    check(list(s.GetStudyDirections(pb.GetStudyDirectionsRequest(study_id=study_id)).directions)
          == [pb.MINIMIZE, pb.MAXIMIZE], "directions")
    expect_status(grpc.StatusCode.ALREADY_EXISTS, lambda: s.CreateNewStudy(pb.CreateNewStudyRequest(
        study_name="py-interop", directions=[pb.MINIMIZE])), "duplicate study")
    expect_status(grpc.StatusCode.NOT_FOUND, lambda: s.GetStudyIdFromName(
        pb.GetStudyIdFromNameRequest(study_name="missing")), "load_study of a missing name")

    attrs = {"nan": float("nan"), "text": "\u00fcn\u00ef \u2713", "ints": [1, 2], "float": 3.0, "none": None}
    for key, value in attrs.items():
        s.SetStudyUserAttribute(pb.SetStudyUserAttributeRequest(study_id=study_id, key=key, value=json.dumps(value)))
    s.SetStudySystemAttribute(pb.SetStudySystemAttributeRequest(
        study_id=study_id, key="study.metric_names", value=json.dumps(["loss", "acc"])))
    stored = s.GetStudyUserAttributes(pb.GetStudyUserAttributesRequest(study_id=study_id)).user_attributes
    check(dict(stored) == {k: json.dumps(v) for k, v in attrs.items()}, "user attrs byte for byte: %r" % dict(stored))
    check(math.isnan(json.loads(stored["nan"])) and isinstance(json.loads(stored["float"]), float), "attr types")

    before = datetime.datetime.now()
    t0 = new_trial(s, study_id)
    after = datetime.datetime.now()
    trial = get_trial(s, t0)
    start = datetime.datetime.strptime(trial.datetime_start, FORMAT)
    tolerance = datetime.timedelta(seconds=1)
    check(before - tolerance <= start <= after + tolerance, "datetime_start %s is server-local now" % start)
    check(trial.state == pb.RUNNING and trial.number == 0 and trial.datetime_complete == "", "new trial")

    s.SetTrialParameter(pb.SetTrialParameterRequest(trial_id=t0, param_name="x", param_value_internal=0.5, distribution=FLOAT_X))
    s.SetTrialParameter(pb.SetTrialParameterRequest(trial_id=t0, param_name="n", param_value_internal=3, distribution=INT_N))
    s.SetTrialParameter(pb.SetTrialParameterRequest(trial_id=t0, param_name="opt", param_value_internal=3, distribution=CAT))
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: s.SetTrialParameter(pb.SetTrialParameterRequest(
        trial_id=t0, param_name="x", param_value_internal=0.5, distribution=FLOAT_X_LOG)), "incompatible distribution")
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: s.SetTrialParameter(pb.SetTrialParameterRequest(
        trial_id=t0, param_name="y", param_value_internal=0.5, distribution="{\"name\": ")), "malformed distribution")
    for step, value in [(0, 0.9), (1, float("nan")), (2, float("inf"))]:
        s.SetTrialIntermediateValue(pb.SetTrialIntermediateValueRequest(trial_id=t0, step=step, intermediate_value=value))
    s.SetTrialUserAttribute(pb.SetTrialUserAttributeRequest(trial_id=t0, key="epochs", value=json.dumps(12)))
    check(s.SetTrialStateValues(pb.SetTrialStateValuesRequest(trial_id=t0, state=pb.COMPLETE, values=[0.25, float("inf")])).trial_updated, "tell")
    done = get_trial(s, t0)
    check(dict(done.distributions) == {"x": FLOAT_X, "n": INT_N, "opt": CAT}, "distributions byte for byte")
    check(dict(done.params) == {"x": 0.5, "n": 3.0, "opt": 3.0}, "params")
    check(list(done.values) == [0.25, float("inf")], "values")
    check(math.isnan(done.intermediate_values[1]) and done.intermediate_values[2] == float("inf"), "intermediate values")
    check(datetime.datetime.strptime(done.datetime_complete, FORMAT) >= start, "datetime_complete")
    expect_status(grpc.StatusCode.FAILED_PRECONDITION, lambda: s.SetTrialStateValues(
        pb.SetTrialStateValuesRequest(trial_id=t0, state=pb.FAIL)), "finished trial")
    expect_status(grpc.StatusCode.FAILED_PRECONDITION, lambda: s.SetTrialUserAttribute(
        pb.SetTrialUserAttributeRequest(trial_id=t0, key="k", value="1")), "finished trial attr")
    expect_status(grpc.StatusCode.NOT_FOUND, lambda: get_trial(s, t0 + 1000), "unknown trial")
    expect_status(grpc.StatusCode.NOT_FOUND, lambda: get_trial(s, -1), "negative trial id")
    unknown_state = pb.SetTrialStateValuesRequest(trial_id=new_trial(s, study_id))
    unknown_state.state = 9  # proto3 enums are open: Python lets any number through
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: s.SetTrialStateValues(unknown_state), "unknown state")

    # add_trial: a finished template with microsecond datetimes comes back unchanged.
    frozen = pb.Trial(state=pb.COMPLETE, values=[1.0, 2.0], datetime_start="2025-01-02 03:04:05.000006",
                      datetime_complete="2025-01-02 03:04:05.999999", params={"x": 0.125}, distributions={"x": FLOAT_X},
                      user_attributes={"u": json.dumps({"k": [1.5]})})
    added = get_trial(s, s.CreateNewTrial(pb.CreateNewTrialRequest(study_id=study_id, template_trial=frozen)).trial_id)
    check(added.datetime_start == frozen.datetime_start and added.datetime_complete == frozen.datetime_complete, "template datetimes")
    check(dict(added.user_attributes) == dict(frozen.user_attributes) and list(added.values) == [1.0, 2.0], "template copy")

    # enqueue_trial, then four workers race for the WAITING trial: exactly one wins.
    waiting = s.CreateNewTrial(pb.CreateNewTrialRequest(study_id=study_id, template_trial=pb.Trial(
        state=pb.WAITING, system_attributes={"fixed_params": json.dumps({"x": 0.5})}))).trial_id
    check(get_trial(s, waiting).datetime_start == "", "WAITING trial has no start")
    wins = []
    barrier = threading.Barrier(4)

    def claim():
        mine = stub()
        barrier.wait()
        wins.append(mine.SetTrialStateValues(pb.SetTrialStateValuesRequest(trial_id=waiting, state=pb.RUNNING)).trial_updated)

    workers = [threading.Thread(target=claim) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    check(sorted(wins) == [False, False, False, True], "one claim winner, got %r" % wins)

    # n_jobs=4: ask/tell cycles from four threads with separate channels; numbers stay dense and unique.
    def optimize(n):
        mine = stub()
        for _ in range(n):
            mine.GetTrials(pb.GetTrialsRequest(study_id=study_id, trial_id_greater_than=-1))
            tid = new_trial(mine, study_id)
            get_trial(mine, tid)
            mine.SetTrialParameter(pb.SetTrialParameterRequest(trial_id=tid, param_name="x", param_value_internal=0.1, distribution=FLOAT_X))
            mine.SetTrialStateValues(pb.SetTrialStateValuesRequest(trial_id=tid, state=pb.COMPLETE, values=[0.1, 0.2]))

    jobs = [threading.Thread(target=optimize, args=(10,)) for _ in range(4)]
    for j in jobs:
        j.start()
    for j in jobs:
        j.join()
    trials = s.GetTrials(pb.GetTrialsRequest(study_id=study_id, trial_id_greater_than=-1)).trials
    numbers = sorted(t.number for t in trials)
    check(numbers == list(range(len(trials))), "dense numbers after n_jobs=4: %r" % numbers)

    # The client cache's query: finished above the watermark OR still-unfinished ids it holds.
    running = new_trial(s, study_id)
    watermark = max(t.trial_id for t in trials)
    newer = new_trial(s, study_id)
    got = s.GetTrials(pb.GetTrialsRequest(study_id=study_id, included_trial_ids=[running], trial_id_greater_than=watermark)).trials
    check(sorted(t.trial_id for t in got) == sorted({running, newer}), "GetTrials union")

    scratch = s.CreateNewStudy(pb.CreateNewStudyRequest(study_name="py-scratch", directions=[pb.MINIMIZE])).study_id
    s.DeleteStudy(pb.DeleteStudyRequest(study_id=scratch))
    expect_status(grpc.StatusCode.NOT_FOUND, lambda: s.GetStudyNameFromId(pb.GetStudyNameFromIdRequest(study_id=scratch)), "deleted study")
    names = [st.study_name for st in s.GetAllStudies(pb.GetAllStudiesRequest()).studies]
    check(names == ["py-interop"], "all studies: %r" % names)
    print("interop ok: %d checks" % checks)


if __name__ == "__main__":
    main()
