package io.branchwise.storage.query;

import io.branchwise.space.study.TrialState;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The finished trials of a study as columns, ordered by number: what charts over a large study need, without a
 * record per trial. Every list has one entry per trial.
 *
 * @param values        each trial's objective values (empty for a trial without values); NaN kept
 * @param params        per parameter name, each trial's internal value, null where the trial lacks the parameter
 * @param distributions per parameter name, each trial's distribution JSON, null where the trial lacks it; equal
 *                      texts are one shared String
 */
public record StudyHistory(List<Long> numbers, List<TrialState> states, List<List<Double>> values,
                           Map<String, List<Double>> params, Map<String, List<String>> distributions) {
    public StudyHistory {
        numbers = Collections.unmodifiableList(numbers);
        states = Collections.unmodifiableList(states);
        values = Collections.unmodifiableList(values);
        params = Collections.unmodifiableMap(params);
        distributions = Collections.unmodifiableMap(distributions);
    }

    public int size() {
        return numbers.size();
    }
}
