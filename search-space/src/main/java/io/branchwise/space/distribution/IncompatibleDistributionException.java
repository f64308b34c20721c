package io.branchwise.space.distribution;

/** A parameter was given a distribution that cannot share a study with the one it already has. */
public final class IncompatibleDistributionException extends IllegalArgumentException {
    public IncompatibleDistributionException(String message) {
        super(message);
    }
}
