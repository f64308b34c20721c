package io.branchwise.api;

import io.branchwise.space.study.TrialState;
import io.branchwise.storage.Storage;
import io.branchwise.storage.TrialRecord;
import io.branchwise.storage.query.ParamRange;
import io.branchwise.storage.query.TrialOrder;
import io.branchwise.storage.query.TrialPage;
import io.branchwise.storage.query.TrialPageRequest;
import io.branchwise.storage.query.TrialSortKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A study's trials page by page, and single trials with their curves. */
final class TrialRoutes {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final Storage storage;
    private final Replies replies;

    TrialRoutes(Storage storage, Replies replies) {
        this.storage = storage;
        this.replies = replies;
    }

    /** {@code GET /api/studies/{id}/trials?after&limit&state&sort&param}: a keyset page (see TrialCursor). */
    void page(RoutingContext rc) {
        QueryParameters query = QueryParameters.of(rc, "after", "limit", "state", "sort", "param");
        long studyId = QueryParameters.id(rc, "id");
        String sortText = query.single("sort");
        TrialOrder order = TrialSorts.parse(sortText);
        int limit = query.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Set<TrialState> states = states(query.single("state"));
        List<ParamRange> ranges = new ArrayList<>();
        for (String p : query.all("param")) {
            ranges.add(paramRange(p));
        }
        String after = query.single("after");
        TrialSortKey position = after == null ? null
                : TrialCursor.decode(after, order, sortText == null ? "number" : sortText.trim());
        TrialPageRequest request = new TrialPageRequest(states, order, ranges, position, limit, TrialJson.ROW_ATTRIBUTES);
        replies.json(rc, 200, () -> {
            boolean search = !storage.studyTasks(studyId).isEmpty();
            TrialPage page = storage.trialPage(studyId, request);
            ParamDecoder decoder = new ParamDecoder();
            JsonArray trials = new JsonArray();
            page.trials().forEach(t -> trials.add(TrialJson.row(t, search, decoder)));
            return new JsonObject().put("trials", trials)
                    .put("next", page.next() == null ? null : TrialCursor.encode(page.next()))
                    .put("total", page.total());
        });
    }

    private static Set<TrialState> states(String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        Set<TrialState> states = EnumSet.noneOf(TrialState.class);
        for (String word : text.split(",")) {
            try {
                states.add(TrialState.valueOf(word.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badParameter("state", "\"" + word.trim() + "\" is not a trial state; use a"
                        + " comma-separated list of " + List.of(TrialState.values()));
            }
        }
        return states;
    }

    /** {@code NAME:MIN:MAX}, split at the last two colons so a name may hold colons; an empty bound is open. */
    private static ParamRange paramRange(String text) {
        int second = text.lastIndexOf(':');
        int first = second <= 0 ? -1 : text.lastIndexOf(':', second - 1);
        if (first <= 0) {
            throw ProblemException.badParameter("param", "\"" + text + "\" is not NAME:MIN:MAX (an empty MIN or MAX"
                    + " leaves that side open)");
        }
        String name = text.substring(0, first);
        double min = bound(text, text.substring(first + 1, second), Double.NEGATIVE_INFINITY);
        double max = bound(text, text.substring(second + 1), Double.POSITIVE_INFINITY);
        if (min > max) {
            throw ProblemException.badParameter("param", "\"" + text + "\": MIN is larger than MAX");
        }
        return new ParamRange(name, min, max);
    }

    private static double bound(String whole, String text, double open) {
        if (text.isBlank()) {
            return open;
        }
        try {
            double v = Double.parseDouble(text.trim());
            if (!Double.isNaN(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ProblemException.badParameter("param", "\"" + whole + "\": \"" + text + "\" is not a number");
    }

    void get(RoutingContext rc) {
        QueryParameters.of(rc);
        long trialId = QueryParameters.id(rc, "trialId");
        replies.json(rc, 200, () -> {
            TrialRecord t = storage.trial(trialId);
            return TrialJson.detail(t, storage.studyTasks(t.studyId()), storage.trialTaskValues(trialId));
        });
    }

    /** {@code GET /api/studies/{id}/trials/{number}}: a trial by the number people see, as {@link #get} answers. */
    void byNumber(RoutingContext rc) {
        QueryParameters.of(rc);
        long studyId = QueryParameters.id(rc, "id");
        long number = QueryParameters.id(rc, "number");
        replies.json(rc, 200, () -> {
            TrialRecord t = storage.trial(storage.trialIdByNumber(studyId, number));
            return TrialJson.detail(t, storage.studyTasks(t.studyId()), storage.trialTaskValues(t.id()));
        });
    }

    void curves(RoutingContext rc) {
        QueryParameters.of(rc);
        long trialId = QueryParameters.id(rc, "trialId");
        replies.json(rc, 200, () -> {
            TrialRecord t = storage.trial(trialId);
            return TrialJson.curves(storage.studyTasks(t.studyId()), storage.trialTaskValues(trialId));
        });
    }
}
