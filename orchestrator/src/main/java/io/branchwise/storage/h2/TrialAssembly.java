package io.branchwise.storage.h2;

import io.branchwise.space.study.TrialState;
import io.branchwise.storage.TrialRecord;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A trial being read back from its row and child tables, frozen into a {@link TrialRecord} at the end. */
final class TrialAssembly {
    final long id;
    final long studyId;
    final long number;
    final TrialState state;
    final String datetimeStart;
    final String datetimeComplete;
    final List<Double> values = new ArrayList<>();
    final Map<String, Double> params = new LinkedHashMap<>();
    final Map<String, String> distributions = new LinkedHashMap<>();
    final Map<String, String> userAttributes = new LinkedHashMap<>();
    final Map<String, String> systemAttributes = new LinkedHashMap<>();
    final TreeMap<Long, Double> intermediateValues = new TreeMap<>();

    TrialAssembly(long id, long studyId, long number, TrialState state, String datetimeStart,
                  String datetimeComplete) {
        this.id = id;
        this.studyId = studyId;
        this.number = number;
        this.state = state;
        this.datetimeStart = datetimeStart;
        this.datetimeComplete = datetimeComplete;
    }

    TrialRecord toRecord() {
        return new TrialRecord(id, studyId, number, state, List.copyOf(values), datetimeStart, datetimeComplete,
                Collections.unmodifiableMap(params), Collections.unmodifiableMap(distributions),
                Collections.unmodifiableMap(userAttributes), Collections.unmodifiableMap(systemAttributes),
                Collections.unmodifiableSortedMap(intermediateValues));
    }
}
