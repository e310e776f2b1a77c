package com.fortinet.autoscale.adapter.cosmos;

import com.azure.cosmos.CosmosException;
import com.fortinet.autoscale.domain.StoreConflictException;
import com.fortinet.autoscale.domain.StoreUnavailableException;
import java.time.Duration;

/**
 * Turns Cosmos DB status codes into the domain's typed outcomes. The SDK has already retried what it
 * retries (throttling, connection failures) within the operation's end-to-end timeout when an exception
 * reaches this class. Decisions use status codes only, never message text.
 */
final class CosmosFailures {
    static final int NOT_FOUND = 404;
    static final int CONFLICT = 409;
    static final int PRECONDITION_FAILED = 412;
    /** Sub-status of a 404 whose container or database is missing (not the item). */
    static final int OWNER_RESOURCE_NOT_EXISTS = 1003;

    private CosmosFailures() {}

    /** A 404 that names the item (not its container). */
    static boolean itemNotFound(CosmosException e) {
        return e.getStatusCode() == NOT_FOUND && e.getSubStatusCode() != OWNER_RESOURCE_NOT_EXISTS;
    }

    /** A 404 whose container or database is missing. */
    static boolean containerNotFound(CosmosException e) {
        return e.getStatusCode() == NOT_FOUND && e.getSubStatusCode() == OWNER_RESOURCE_NOT_EXISTS;
    }

    /**
     * The domain outcome of a failed operation: 409/412 a lost conditional write; throttling, timeouts,
     * unreachable or failing service a store that is unavailable for now; anything else (bad request,
     * authorization) a fault of this deployment.
     */
    static RuntimeException map(CosmosException e, String what) {
        int status = e.getStatusCode();
        String codes = " (status " + status + "/" + e.getSubStatusCode() + ")";
        if (status == CONFLICT || status == PRECONDITION_FAILED) {
            return new StoreConflictException(what + codes);
        }
        if (isTransient(e)) {
            return new StoreUnavailableException("Cosmos DB unavailable: " + what + codes, retryAfter(e), e);
        }
        return new IllegalStateException("Cosmos DB refused: " + what + codes, e);
    }

    /**
     * Worth retrying later: timeouts (408, also the SDK's end-to-end cancellation), gone/moved partitions
     * (410, 449), throttling (429), server errors and unreachable service (5xx; the SDK reports connection
     * failures as 503), and a missing container (it is created again on the next operation).
     */
    static boolean isTransient(CosmosException e) {
        int status = e.getStatusCode();
        return status == 0 || status == 408 || status == 410 || status == 429 || status == 449 || status >= 500
                || containerNotFound(e);
    }

    /** The service's hint when it throttled, else null (the domain's default). */
    static Duration retryAfter(CosmosException e) {
        Duration hint = e.getRetryAfterDuration();
        if (hint == null || hint.isZero() || hint.isNegative()) {
            return null;
        }
        return hint.toMillis() < 1000 ? Duration.ofSeconds(1) : Duration.ofSeconds((hint.toMillis() + 999) / 1000);
    }
}
