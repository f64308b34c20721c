package io.branchwise.storage;

/** Optuna keeps user and system attributes as separate namespaces. */
public enum AttributeScope {
    USER, SYSTEM
}
