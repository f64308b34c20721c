package io.branchwise.api;

import io.vertx.ext.web.Route;
import io.branchwise.json.ContractSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** openapi.yaml and the router describe the same API: every route is documented, every documented route exists. */
class OpenApiDocumentTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @TempDir
    Path dir;

    private static String document() throws Exception {
        try (InputStream in = RestApi.class.getResourceAsStream(RestApi.OPENAPI_RESOURCE)) {
            assertThat(in).as("openapi.yaml beside RestApi").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> documented(String yaml) {
        Map<String, Object> root = new Yaml().load(yaml);
        assertThat(root.get("openapi")).isEqualTo("3.0.3");
        Set<String> out = new TreeSet<>();
        ((Map<String, Map<String, Object>>) root.get("paths")).forEach((path, item) -> item.keySet().stream()
                .filter(METHODS::contains).forEach(m -> out.add(m.toUpperCase(Locale.ROOT) + " " + path)));
        return out;
    }

    /** Routes with a path; the path-less one only carries the failure handler. */
    private static Set<String> routed(List<Route> routes) {
        Set<String> out = new TreeSet<>();
        for (Route r : routes) {
            if (r.getPath() == null) {
                assertThat(r.methods()).as("only the failure route has no path").isNullOrEmpty();
                continue;
            }
            String path = r.getPath().replaceAll(":(\\w+)", "{$1}");
            assertThat(r.methods()).as(path + " names its methods").isNotEmpty();
            r.methods().forEach(m -> out.add(m.name() + " " + path));
        }
        return out;
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws Exception {
        try (ApiServer api = ApiServer.storageOnly(dir)) {
            Set<String> routes = routed(api.server.api().router().getRoutes());
            Set<String> documented = documented(document());
            assertThat(routes).hasSizeGreaterThan(15);
            assertThat(documented).as("documented routes").isEqualTo(routes);
        }
    }

    @Test
    void everyReferenceInTheDocumentResolves() throws Exception {
        String yaml = document();
        Map<String, Object> root = new Yaml().load(yaml);
        Matcher refs = Pattern.compile("\\$ref: '#/([^']+)'").matcher(yaml);
        List<String> missing = new ArrayList<>();
        int count = 0;
        while (refs.find()) {
            count++;
            Object node = root;
            for (String part : refs.group(1).split("/")) {
                node = node instanceof Map<?, ?> m ? m.get(part) : null;
            }
            if (node == null) {
                missing.add(refs.group(1));
            }
        }
        assertThat(count).isGreaterThan(20);
        assertThat(missing).isEmpty();
    }

    @Test
    void theDocumentIsServedAsYaml() throws Exception {
        try (ApiServer api = ApiServer.storageOnly(dir)) {
            ApiServer.Reply reply = api.get("/api/openapi.yaml");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.contentType()).startsWith("application/yaml");
            assertThat(reply.body()).isEqualTo(document());
        }
    }

    @Test
    void theTrialContractsSchemasAreServedAndNothingElseIs() throws Exception {
        try (ApiServer api = ApiServer.storageOnly(dir)) {
            for (ContractSchema schema : ContractSchema.values()) {
                ApiServer.Reply reply = api.get("/api/schemas/" + schema.fileName());
                assertThat(reply.status()).as(schema.fileName()).isEqualTo(200);
                assertThat(reply.contentType()).startsWith("application/schema+json");
                assertThat(reply.body()).isEqualTo(schema.text());
            }
            ApiServer.Reply missing = api.get("/api/schemas/openapi.yaml");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body()).contains("trial-spec.schema.json");
        }
    }
}
