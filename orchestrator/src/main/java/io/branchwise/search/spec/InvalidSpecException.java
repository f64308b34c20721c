package io.branchwise.search.spec;

import io.branchwise.plugin.SpecException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A search spec with one or more problems, each with its field path. All of them are reported at once, so a
 * user fixes a spec in one round rather than one error per run.
 */
public final class InvalidSpecException extends RuntimeException {
    private final List<SpecException> problems;

    public InvalidSpecException(List<SpecException> problems) {
        super(problems.stream().map(SpecException::getMessage).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid spec has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<SpecException> problems() {
        return problems;
    }
}
