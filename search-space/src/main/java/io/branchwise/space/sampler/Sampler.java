package io.branchwise.space.sampler;

import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyView;
import io.branchwise.space.study.TrialState;

import java.util.List;
import java.util.Map;

/**
 * Decides the parameters of new trials from the study's history, as Optuna's {@code BaseSampler} does, so
 * define-by-run objectives work: at the start of a trial the sampler may sample a <em>relative</em> (joint) space
 * it inferred from history; every parameter it did not cover is then asked for one at a time
 * ({@link #sampleIndependent}). All values are in the internal representation. A sampler is deterministic for a
 * seed and touches no I/O.
 */
public interface Sampler {

    /** The parameters this sampler wants to sample jointly for {@code trial}; empty for purely independent ones. */
    default Map<String, Distribution> inferRelativeSearchSpace(StudyView study, FrozenTrial trial) {
        return Map.of();
    }

    /** Joint values for (a subset of) {@code space}. */
    default Map<String, Double> sampleRelative(StudyView study, FrozenTrial trial, Map<String, Distribution> space) {
        return Map.of();
    }

    /** One parameter that the relative step did not cover. */
    double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution);

    default void beforeTrial(StudyView study, FrozenTrial trial) {
    }

    default void afterTrial(StudyView study, FrozenTrial trial, TrialState state, List<Double> values) {
    }
}
