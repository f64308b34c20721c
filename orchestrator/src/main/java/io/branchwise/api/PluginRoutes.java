package io.branchwise.api;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.catalog.PluginInfo;
import io.branchwise.plugin.task.TaskType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/** What the server's plugin catalog offers, and which plugins failed to load (as {@code branchwise plugins}). */
final class PluginRoutes {
    private final PluginCatalog catalog;

    PluginRoutes(PluginCatalog catalog) {
        this.catalog = catalog;
    }

    void plugins(RoutingContext rc) {
        QueryParameters.of(rc);
        List<PluginInfo> all = catalog.describe();
        JsonArray problems = new JsonArray();
        catalog.problems().forEach(p -> problems.add(new JsonObject().put("plugin", p.plugin()).put("problem", p.message())));
        Replies.send(rc, 200, new JsonObject()
                .put("data_sources", of(all, "data-source"))
                .put("task_types", taskTypes(all))
                .put("trainers", of(all, "trainer"))
                .put("broken", problems));
    }

    void taskTypes(RoutingContext rc) {
        QueryParameters.of(rc);
        Replies.send(rc, 200, new JsonObject().put("task_types", taskTypes(catalog.describe())));
    }

    private static JsonArray of(List<PluginInfo> all, String kind) {
        JsonArray out = new JsonArray();
        all.stream().filter(i -> i.kind().equals(kind)).forEach(i -> out.add(info(i)));
        return out;
    }

    private JsonArray taskTypes(List<PluginInfo> all) {
        JsonArray out = new JsonArray();
        all.stream().filter(i -> i.kind().equals("task-type")).forEach(i -> {
            TaskType type = catalog.taskTypes().get(i.name());
            List<String> metrics = type.metrics();
            out.add(info(i).put("metrics", new JsonArray(metrics))
                    .put("default_metric", metrics.isEmpty() ? null : metrics.get(0)));
        });
        return out;
    }

    private static JsonObject info(PluginInfo i) {
        return new JsonObject().put("name", i.name()).put("description", i.description()).put("plugin", i.plugin());
    }
}
