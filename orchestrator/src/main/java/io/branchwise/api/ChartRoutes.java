package io.branchwise.api;

import io.branchwise.space.importance.ParameterImportance;
import io.branchwise.space.study.StudyDirection;
import io.branchwise.storage.Storage;
import io.branchwise.storage.query.StudyHistory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Data for the charts of a large study: its finished trials as compact columns (optimization history, parallel
 * coordinates) and the parameter importance computed from the same columns.
 */
final class ChartRoutes {
    private final Storage storage;
    private final Replies replies;

    ChartRoutes(Storage storage, Replies replies) {
        this.storage = storage;
        this.replies = replies;
    }

    /**
     * {@code numbers[i]}, {@code states[i]}, {@code values[i]} and {@code params[name][i]} describe one trial.
     * {@code params=false} leaves the parameter columns out (their names stay): they are most of a large study's
     * answer, and the optimization history, the study page's first screen, does not need them.
     */
    void history(RoutingContext rc) {
        boolean withParams = QueryParameters.of(rc, "params").bool("params", true);
        long id = QueryParameters.id(rc, "id");
        replies.json(rc, 200, () -> {
            List<StudyDirection> directions = storage.study(id).directions();
            StudyHistory h = storage.history(id);
            JsonArray values = new JsonArray();
            h.values().forEach(v -> values.add(ApiJson.numbers(v)));
            JsonObject reply = new JsonObject()
                    .put("directions", new JsonArray(directions.stream().map(Enum::name).toList()))
                    .put("numbers", new JsonArray(new ArrayList<>(h.numbers())))
                    .put("states", new JsonArray(h.states().stream().map(Enum::name).toList()))
                    .put("values", values)
                    .put("param_names", new JsonArray(new ArrayList<>(h.params().keySet())));
            if (!withParams) {
                return reply;
            }
            ParamDecoder decoder = new ParamDecoder();
            JsonObject params = new JsonObject();
            h.params().forEach((name, internals) -> {
                List<String> distributions = h.distributions().get(name);
                JsonArray column = new JsonArray();
                for (int i = 0; i < internals.size(); i++) {
                    Double internal = internals.get(i);
                    column.add(internal == null ? null : decoder.external(internal, distributions.get(i)));
                }
                params.put(name, column);
            });
            return reply.put("params", params);
        });
    }

    /** PED-ANOVA importance ({@link ParameterImportance}) of the complete trials for one objective. */
    void importance(RoutingContext rc) {
        QueryParameters query = QueryParameters.of(rc, "objective", "top_quantile");
        long id = QueryParameters.id(rc, "id");
        int objective = query.integer("objective", 0, 0, Integer.MAX_VALUE);
        double quantile = query.real("top_quantile", ParameterImportance.DEFAULT_TOP_QUANTILE, 0, 1);
        replies.json(rc, 200, () -> {
            List<StudyDirection> directions = storage.study(id).directions();
            if (objective >= directions.size()) {
                throw ProblemException.badParameter("objective", "study " + id + " has " + directions.size()
                        + (directions.size() == 1 ? " objective" : " objectives") + "; use 0 to " + (directions.size() - 1));
            }
            HistoryView view = new HistoryView(storage.history(id), directions.get(objective), objective,
                    new ParamDecoder());
            Map<String, Double> importance = ParameterImportance.of(view, quantile);
            JsonObject ranked = new JsonObject();
            importance.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> ranked.put(e.getKey(), ApiJson.number(e.getValue())));
            return new JsonObject()
                    .put("objective", objective)
                    .put("direction", directions.get(objective).name())
                    .put("method", "ped-anova")
                    .put("top_quantile", quantile)
                    .put("n_trials", view.completeTrials().size())
                    .put("importances", ranked);
        });
    }
}
