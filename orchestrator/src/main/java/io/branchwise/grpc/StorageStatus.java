package io.branchwise.grpc;

import io.branchwise.lifecycle.FatalErrors;
import io.branchwise.storage.StorageException;
import io.branchwise.storage.StorageFailure;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;

import java.util.concurrent.CancellationException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gRPC status of a failed call on the storage, the same for every service over it: what the storage refused
 * is the caller's error with the storage's message; a database failure or anything unforeseen is logged with its
 * stack and named by the call.
 */
final class StorageStatus {
    private static final Logger LOG = Logger.getLogger(StorageStatus.class.getName());

    private StorageStatus() {
    }

    static StatusException of(String rpc, Throwable error) {
        if (error instanceof StorageException.NotFound) {
            return new StatusException(GrpcStatus.NOT_FOUND, error.getMessage());
        }
        if (error instanceof StorageException.DuplicateStudy) {
            return new StatusException(GrpcStatus.ALREADY_EXISTS, error.getMessage());
        }
        if (error instanceof StorageException.TrialFinished) {
            return new StatusException(GrpcStatus.FAILED_PRECONDITION, error.getMessage());
        }
        if (error instanceof StorageException.InvalidInput) {
            return new StatusException(GrpcStatus.INVALID_ARGUMENT, error.getMessage());
        }
        if (error instanceof CancellationException) {
            return new StatusException(GrpcStatus.CANCELLED, rpc + " was cancelled by the client");
        }
        if (error instanceof StorageFailure) {
            LOG.log(Level.SEVERE, rpc + " failed in the database", error);
            return new StatusException(GrpcStatus.INTERNAL, rpc + ": " + error.getMessage());
        }
        LOG.log(Level.SEVERE, rpc + " failed unexpectedly", error);
        FatalErrors.check(error);
        return new StatusException(GrpcStatus.UNKNOWN, rpc + ": " + error);
    }
}
