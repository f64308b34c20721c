package io.branchwise.storage;

import io.branchwise.space.study.StudyDirection;

import java.util.List;
import java.util.Map;

/** A stored study. Attribute maps hold the JSON text exactly as it was set. */
public record StudyRecord(long id, String name, List<StudyDirection> directions,
                          Map<String, String> userAttributes, Map<String, String> systemAttributes) {
}
