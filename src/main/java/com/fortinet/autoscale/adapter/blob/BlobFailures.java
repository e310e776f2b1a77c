package com.fortinet.autoscale.adapter.blob;

import com.azure.storage.blob.models.BlobStorageException;
import com.fortinet.autoscale.domain.StoreUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Turns Storage SDK failures into domain failures: throttling, server errors, timeouts and network errors
 * (after the client's own retries) become {@link StoreUnavailableException} (503 with Retry-After);
 * anything else, such as a refused access, is an error that names the status and the storage error code.
 */
final class BlobFailures {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    private BlobFailures() {}

    static RuntimeException map(RuntimeException e, String what) {
        if (e instanceof BlobStorageException b) {
            int status = b.getStatusCode();
            String code = b.getErrorCode() == null ? "" : " " + b.getErrorCode();
            if (status == 408 || status == 429 || status >= 500) {
                return new StoreUnavailableException("asset storage answered " + status + code + " to " + what,
                        RETRY_AFTER, e);
            }
            return new IllegalStateException("asset storage answered " + status + code + " to " + what
                    + (status == 403 ? " (does the app's identity have the Storage Blob Data Reader role?)" : ""), e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException) {
                return new StoreUnavailableException("asset storage unreachable for " + what + ": "
                        + t.getClass().getSimpleName(), RETRY_AFTER, e);
            }
        }
        return e;
    }

    /** A "not found" answer: the blob or its container does not exist. */
    static boolean notFound(BlobStorageException e) {
        return e.getStatusCode() == 404;
    }
}
