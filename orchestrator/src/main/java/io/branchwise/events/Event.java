package io.branchwise.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something that happened to a study, for whoever watches (the SSE streams).
 *
 * @param data plain values (maps, lists, strings, numbers, booleans, null) describing it; {@code study_id} is added
 *             by the publisher's encoding, not stored here
 */
public record Event(EventType type, long studyId, Map<String, Object> data) {
    public Event {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
}
