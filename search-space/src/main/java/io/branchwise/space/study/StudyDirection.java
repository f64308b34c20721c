package io.branchwise.space.study;

/** Direction of one objective of a study. */
public enum StudyDirection {
    MINIMIZE, MAXIMIZE
}
