"""Makes a study the way Optuna's GrpcStorageProxy does for

    study = optuna.create_study(study_name="py-dashboard", direction="minimize", storage=proxy)
    study.set_metric_names(["loss"])
    study.set_user_attr("owner", "python")
    study.optimize(objective, n_trials=TRIALS)   # objective reports 3 steps; every 5th trial is pruned

over stubs that Debian's protoc generated from Branchwise's api.proto (Optuna >= 4.2 itself is not packaged in
Debian). Run by OptunaClientBrowserTest, which then looks at the study in the dashboard.

usage: optuna_dashboard_study.py PORT STUB_DIR TRIALS
"""
import json
import sys

sys.path.insert(0, sys.argv[2])
import grpc  # noqa: E402
import api_pb2 as pb  # noqa: E402
import api_pb2_grpc as pb_grpc  # noqa: E402

X = json.dumps({"name": "FloatDistribution", "attributes": {"step": None, "low": -3.0, "high": 3.0, "log": False}})
LAYERS = json.dumps({"name": "IntDistribution", "attributes": {"log": False, "step": 1, "low": 1, "high": 4}})


def main():
    s = pb_grpc.StorageServiceStub(grpc.insecure_channel("127.0.0.1:" + sys.argv[1]))
    trials = int(sys.argv[3])
    study_id = s.CreateNewStudy(pb.CreateNewStudyRequest(
        study_name="py-dashboard", directions=[pb.MINIMIZE])).study_id
    s.SetStudySystemAttribute(pb.SetStudySystemAttributeRequest(
        study_id=study_id, key="study:metric_names", value=json.dumps(["loss"])))
    s.SetStudyUserAttribute(pb.SetStudyUserAttributeRequest(study_id=study_id, key="owner", value=json.dumps("python")))
    for n in range(trials):
        trial_id = s.CreateNewTrial(pb.CreateNewTrialRequest(study_id=study_id, template_trial_is_none=True)).trial_id
        x = -3.0 + 6.0 * ((n * 0.618) % 1.0)
        layers = 1 + n % 4
        s.SetTrialParameter(pb.SetTrialParameterRequest(trial_id=trial_id, param_name="x",
                                                        param_value_internal=x, distribution=X))
        s.SetTrialParameter(pb.SetTrialParameterRequest(trial_id=trial_id, param_name="layers",
                                                        param_value_internal=layers, distribution=LAYERS))
        loss = x * x + 0.1 * layers
        reported = None
        for step in range(3):
            reported = loss * (1 + 0.5 / (step + 1))
            s.SetTrialIntermediateValue(pb.SetTrialIntermediateValueRequest(
                trial_id=trial_id, step=step, intermediate_value=reported))
        if n % 5 == 4:
            # Optuna stores a pruned trial's last reported value as its value.
            s.SetTrialStateValues(pb.SetTrialStateValuesRequest(trial_id=trial_id, state=pb.PRUNED, values=[reported]))
        else:
            s.SetTrialStateValues(pb.SetTrialStateValuesRequest(trial_id=trial_id, state=pb.COMPLETE, values=[loss]))
    print("study %d: %d trials" % (study_id, trials))


if __name__ == "__main__":
    main()
