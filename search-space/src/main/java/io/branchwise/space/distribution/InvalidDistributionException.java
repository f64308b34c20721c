package io.branchwise.space.distribution;

/** A distribution that Optuna's constructors would refuse, or JSON that does not describe one. */
public final class InvalidDistributionException extends IllegalArgumentException {
    public InvalidDistributionException(String message) {
        super(message);
    }
}
