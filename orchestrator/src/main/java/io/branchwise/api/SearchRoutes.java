package io.branchwise.api;

import io.branchwise.launcher.external.ExternalTrainers;
import io.branchwise.search.host.SearchHost;
import io.branchwise.search.host.SearchStart;
import io.branchwise.search.spec.BoundTask;
import io.branchwise.search.spec.InvalidSpecException;
import io.branchwise.search.spec.SearchSpec;
import io.branchwise.search.spec.SearchSpecReader;
import io.branchwise.storage.Storage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starting, checking and stopping searches. A spec is checked completely (fields, plugins, data) before anything
 * runs, and every problem comes back at once with its field path, as {@code branchwise run} prints them.
 */
final class SearchRoutes {
    private final Storage storage;
    private final SearchHost host;
    private final ExternalTrainers external;
    private final Path specDirectory;
    private final Replies replies;

    /**
     * @param host          null on a server that runs no searches (then starting one is a 503)
     * @param external      hands the jobs of searches started with {@code external_trainers=true} to trainers
     *                      that ask for them over gRPC
     * @param specDirectory relative paths in a posted spec (data files) resolve against it
     */
    SearchRoutes(Storage storage, SearchHost host, ExternalTrainers external, Path specDirectory, Replies replies) {
        this.storage = storage;
        this.host = host;
        this.external = external;
        this.specDirectory = specDirectory;
        this.replies = replies;
    }

    void start(RoutingContext rc) {
        QueryParameters query = QueryParameters.of(rc, "resume", "external_trainers");
        boolean resume = query.bool("resume", false);
        ExternalTrainers trainers = query.bool("external_trainers", false) ? external : null;
        Map<String, Object> raw = RequestBodies.spec(rc);
        SearchHost running = requireHost();
        replies.blocking(() -> {
            SearchSpec spec = read(raw);
            try {
                return running.start(spec, resume, trainers);
            } catch (IllegalStateException shuttingDown) {
                throw ProblemException.unavailable(shuttingDown.getMessage());
            }
        }).onSuccess(started -> {
            rc.response().putHeader("Location", "/api/studies/" + started.studyId());
            Replies.send(rc, 202, started(started));
        }).onFailure(rc::fail);
    }

    private static JsonObject started(SearchStart s) {
        return new JsonObject().put("study_id", s.studyId()).put("study_name", s.studyName())
                .put("links", new JsonObject().put("study", "/api/studies/" + s.studyId())
                        .put("events", "/api/studies/" + s.studyId() + "/events"));
    }

    /** For an editor: the same checks as a start, nothing run, nothing stored. */
    void validate(RoutingContext rc) {
        QueryParameters.of(rc);
        Map<String, Object> raw = RequestBodies.spec(rc);
        SearchHost checker = requireHost();
        replies.json(rc, 200, () -> {
            SearchSpec spec = read(raw);
            List<BoundTask> tasks = checker.check(spec);
            JsonArray taskList = new JsonArray();
            tasks.forEach(t -> taskList.add(new JsonObject().put("name", t.name()).put("type", t.definition().type())
                    .put("metric", t.metric()).put("direction", t.toStudyTask().direction().name())));
            return new JsonObject().put("valid", true).put("name", spec.name()).put("tasks", taskList);
        });
    }

    void stop(RoutingContext rc) {
        QueryParameters.of(rc);
        long id = QueryParameters.id(rc, "id");
        replies.json(rc, 202, () -> {
            storage.study(id); // 404 for an unknown study before 409 for an idle one
            if (host == null || !host.stop(id, "stopped through the REST API")) {
                throw ProblemException.conflict("no-running-search", "No running search", "no search is running"
                        + " on study " + id + " in this server");
            }
            return new JsonObject().put("study_id", id).put("stopping", true);
        });
    }

    /** The spec read and checked field by field; a posted spec must name its study (there is no file name). */
    private SearchSpec read(Map<String, Object> raw) {
        return SearchSpecReader.fromMap(raw, specDirectory, null);
    }

    private SearchHost requireHost() {
        if (host == null) {
            throw ProblemException.unavailable("this server was started without search hosting");
        }
        return host;
    }

    /** 422 with every problem of the spec at its field path. */
    static Problem invalidSpec(InvalidSpecException e) {
        List<FieldError> errors = e.problems().stream().map(p -> new FieldError(p.path(), p.problem())).toList();
        return Problem.of("invalid-spec", "Invalid search spec", 422, "the spec has " + errors.size()
                + (errors.size() == 1 ? " problem" : " problems") + ": " + e.getMessage().replace("\n", "; "))
                .withErrors(errors);
    }
}
