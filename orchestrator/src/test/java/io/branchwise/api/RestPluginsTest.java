package io.branchwise.api;

import io.branchwise.catalog.PluginCatalog;
import io.branchwise.search.PlantedModelLauncher;
import io.branchwise.search.SearchSetup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/plugins} and {@code /api/task-types}: the server's catalog, broken plugins included. */
class RestPluginsTest {
    @TempDir
    Path dir;

    private static JsonObject named(JsonArray list, String name) {
        return list.stream().map(o -> (JsonObject) o).filter(o -> o.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + list.encode()));
    }

    @Test
    void theCatalogIsListedWithItsBrokenPlugins() throws Exception {
        Path plugins = dir.resolve("plugins");
        Files.createDirectories(plugins.resolve("empty-plugin"));
        PluginCatalog catalog = PluginCatalog.load(PluginCatalog.class.getClassLoader(), List.of(plugins));
        try (ApiServer api = ApiServer.withSetup(dir,
                new SearchSetup(catalog, new PlantedModelLauncher(List.of(), false), dir.resolve("work")), c -> c)) {
            JsonObject all = api.get("/api/plugins").json();
            assertThat(named(all.getJsonArray("data_sources"), "fixture").getString("plugin")).isEqualTo("built-in");
            named(all.getJsonArray("data_sources"), "csv");
            assertThat(named(all.getJsonArray("trainers"), "scripted").getString("description")).isNotBlank();
            JsonObject regression = named(all.getJsonArray("task_types"), "regression");
            assertThat(regression.getJsonArray("metrics").getList()).contains("rmse", "mae", "r2");
            assertThat(regression.getString("default_metric")).isEqualTo(regression.getJsonArray("metrics").getString(0));
            JsonObject broken = all.getJsonArray("broken").getJsonObject(0);
            assertThat(broken.getString("plugin")).isEqualTo("empty-plugin");
            assertThat(broken.getString("problem")).contains("no jar");

            JsonObject types = api.get("/api/task-types").json();
            assertThat(types.getJsonArray("task_types")).isEqualTo(all.getJsonArray("task_types"));
            api.get("/api/task-types?kind=x").problem(400);
        }
    }
}
