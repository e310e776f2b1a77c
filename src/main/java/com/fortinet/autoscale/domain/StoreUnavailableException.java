package com.fortinet.autoscale.domain;

import java.time.Duration;

/**
 * The state store could not be reached or kept refusing (throttling, timeouts) after the client's own
 * retries; nothing was half-written. Functions answer 503 with {@code Retry-After}.
 */
public final class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    public StoreUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter == null ? Duration.ofSeconds(5) : retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
