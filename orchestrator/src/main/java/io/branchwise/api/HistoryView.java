package io.branchwise.api;

import io.branchwise.space.distribution.Distribution;
import io.branchwise.space.study.FrozenTrial;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.StudyView;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.query.StudyHistory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A study's history seen through one objective, as the search-space algorithms read a study: its complete trials
 * with that objective as their only value. Parameter importance needs one objective; a multi-objective study is
 * ranked objective by objective.
 */
final class HistoryView implements StudyView {
    private final List<StudyDirection> directions;
    private final List<FrozenTrial> trials;

    HistoryView(StudyHistory history, StudyDirection direction, int objective, ParamDecoder decoder) {
        this.directions = List.of(direction);
        List<FrozenTrial> complete = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            List<Double> values = history.values().get(i);
            if (history.states().get(i) != TrialState.COMPLETE || values.size() <= objective) {
                continue;
            }
            FrozenTrial.Builder b = FrozenTrial.builder((int) (long) history.numbers().get(i))
                    .state(TrialState.COMPLETE).values(List.of(values.get(objective)));
            for (Map.Entry<String, List<Double>> p : history.params().entrySet()) {
                Double internal = p.getValue().get(i);
                Distribution d = decoder.distribution(history.distributions().get(p.getKey()).get(i));
                if (internal != null && d != null) {
                    b.param(p.getKey(), internal, d);
                }
            }
            complete.add(b.build());
        }
        this.trials = List.copyOf(complete);
    }

    @Override
    public List<StudyDirection> directions() {
        return directions;
    }

    @Override
    public List<FrozenTrial> trials() {
        return trials;
    }
}
