package io.branchwise.bench;

import io.branchwise.proto.optuna.CreateNewTrialRequest;
import io.branchwise.proto.optuna.GetTrialRequest;
import io.branchwise.proto.optuna.GetTrialsRequest;
import io.branchwise.proto.optuna.SetTrialParameterRequest;
import io.branchwise.proto.optuna.SetTrialStateValuesRequest;
import io.branchwise.proto.optuna.StorageServiceGrpc;
import io.branchwise.proto.optuna.Trial;
import io.branchwise.proto.optuna.TrialState;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One Optuna client replaying {@code study.optimize} with three {@code suggest_*} calls, RPC for RPC, including
 * the trial cache of GrpcStorageProxy (so GetTrials asks for unfinished ids plus everything above the last
 * finished id, as the real client does).
 */
final class CachingClient {
    static final int RPCS_PER_TRIAL = 9;
    private static final String X = "{\"name\": \"FloatDistribution\", \"attributes\": {\"step\": null, \"low\": -10.0, \"high\": 10.0, \"log\": false}}";
    private static final String N = "{\"name\": \"IntDistribution\", \"attributes\": {\"log\": false, \"step\": 1, \"low\": 1, \"high\": 8}}";
    private static final String OPT = "{\"name\": \"CategoricalDistribution\", \"attributes\": {\"choices\": [\"sgd\", \"adam\", \"rmsprop\"]}}";

    private final StorageServiceGrpc.StorageServiceBlockingStub stub;
    private final long studyId;
    private final Random random;
    private final Map<Long, Trial> cache = new HashMap<>();
    private final Set<Long> unfinished = new HashSet<>();
    private long lastFinished = -1;

    CachingClient(StorageServiceGrpc.StorageServiceBlockingStub stub, long studyId, long seed) {
        this.stub = stub;
        this.studyId = studyId;
        this.random = new Random(seed);
    }

    void trial() {
        refreshCache();                                      // ask(): look for WAITING trials
        long trialId = stub.createNewTrial(CreateNewTrialRequest.newBuilder().setStudyId(studyId)
                .setTemplateTrialIsNone(true).build()).getTrialId();
        stub.getTrial(GetTrialRequest.newBuilder().setTrialId(trialId).build());
        refreshCache();                                      // the sampler reads the history
        double x = random.nextDouble() * 20 - 10;
        setParam(trialId, "x", x, X);
        setParam(trialId, "n", 1 + random.nextInt(8), N);
        setParam(trialId, "opt", random.nextInt(3), OPT);
        stub.getTrial(GetTrialRequest.newBuilder().setTrialId(trialId).build()); // tell(): check the state
        stub.setTrialStateValues(SetTrialStateValuesRequest.newBuilder().setTrialId(trialId)
                .setState(TrialState.COMPLETE).addValues(x * x).build());
    }

    int cachedTrials() {
        return cache.size();
    }

    private void setParam(long trialId, String name, double internal, String distribution) {
        stub.setTrialParameter(SetTrialParameterRequest.newBuilder().setTrialId(trialId).setParamName(name)
                .setParamValueInternal(internal).setDistribution(distribution).build());
    }

    private void refreshCache() {
        for (Trial t : stub.getTrials(GetTrialsRequest.newBuilder().setStudyId(studyId)
                .addAllIncludedTrialIds(unfinished).setTrialIdGreaterThan(lastFinished).build()).getTrialsList()) {
            cache.put(t.getNumber(), t);
            if (t.getState() == TrialState.RUNNING || t.getState() == TrialState.WAITING) {
                unfinished.add(t.getTrialId());
            } else {
                unfinished.remove(t.getTrialId());
                lastFinished = Math.max(lastFinished, t.getTrialId());
            }
        }
    }
}
