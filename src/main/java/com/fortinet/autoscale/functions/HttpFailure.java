package com.fortinet.autoscale.functions;

import com.fortinet.autoscale.domain.StoreUnavailableException;
import com.fortinet.autoscale.domain.bootstrap.BootstrapException;
import com.fortinet.autoscale.domain.cluster.UnknownInstanceException;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzerRejectedException;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzerUnavailableException;
import com.fortinet.autoscale.domain.settings.InvalidSettingsException;
import com.fortinet.autoscale.domain.settings.NoValidSettingsException;
import com.microsoft.azure.functions.HttpStatus;
import java.util.Optional;
import java.util.logging.Level;

/**
 * What a failed HTTP invocation answers, one kind per status: the status, the one-line reason for the body,
 * a {@code Retry-After} when retrying helps, the log level, and whether the log line names the cause (only
 * when the reason does not already say it all). {@link #of} is the one place that classifies failures.
 */
sealed interface HttpFailure {
    HttpStatus status();

    String reason();

    default Optional<String> retryAfter() {
        return Optional.empty();
    }

    default Level level() {
        return Level.WARNING;
    }

    /** Whether the log line adds the exception's class and message (never for the caller's own mistakes). */
    default boolean logsCause() {
        return true;
    }

    /** 400: the request was malformed; the reason says how. */
    record BadInput(String reason) implements HttpFailure {
        public HttpStatus status() {
            return HttpStatus.BAD_REQUEST;
        }

        public boolean logsCause() {
            return false;
        }
    }

    /** 401: not authentic. */
    record Unauthorized(String reason) implements HttpFailure {
        public HttpStatus status() {
            return HttpStatus.UNAUTHORIZED;
        }

        public boolean logsCause() {
            return false;
        }
    }

    /** 404: a vmId in no managed scale set. */
    record UnknownInstance(String reason) implements HttpFailure {
        public HttpStatus status() {
            return HttpStatus.NOT_FOUND;
        }

        public boolean logsCause() {
            return false;
        }
    }

    /** 503: the state store or the FortiAnalyzer cannot be reached now, or no valid settings yet; retry later. */
    record Unavailable(String reason, String seconds, Level level) implements HttpFailure {
        public HttpStatus status() {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }

        public Optional<String> retryAfter() {
            return Optional.of(seconds);
        }
    }

    /** 502: the FortiAnalyzer refused a call. */
    record Rejected(String reason) implements HttpFailure {
        public HttpStatus status() {
            return HttpStatus.BAD_GATEWAY;
        }
    }

    /** 500: a configuration that cannot work (its reason names the setting), or anything unexpected. */
    record Internal(String reason) implements HttpFailure {
        public HttpStatus status() {
            return HttpStatus.INTERNAL_SERVER_ERROR;
        }

        public Level level() {
            return Level.SEVERE;
        }
    }

    /** The answer to a failure; {@code cid} names an unexpected one for the operator's search. */
    static HttpFailure of(RuntimeException e, String cid) {
        if (e instanceof BadRequestException) {
            return new BadInput(e.getMessage());
        } else if (e instanceof UnauthorizedException) {
            return new Unauthorized("unauthorized: " + e.getMessage());
        } else if (e instanceof UnknownInstanceException u) {
            return new UnknownInstance("vmId " + u.vmId() + " is in no managed scale set");
        } else if (e instanceof FortiAnalyzerUnavailableException) {
            return new Unavailable(e.getMessage(), "60", Level.WARNING);
        } else if (e instanceof NoValidSettingsException) {
            // A bad edit with no good settings to fall back on: the device retries; the message names the key.
            return new Unavailable(e.getMessage(), "60", Level.SEVERE);
        } else if (e instanceof StoreUnavailableException s) {
            return new Unavailable("state store unavailable, retry later",
                    String.valueOf(Math.max(1, s.retryAfter().toSeconds())), Level.SEVERE);
        } else if (e instanceof FortiAnalyzerRejectedException) {
            return new Rejected(e.getMessage());
        } else if (e instanceof BootstrapException || e instanceof InvalidSettingsException) {
            return new Internal(e.getMessage());
        }
        return new Internal("internal error (correlation id " + cid + ")");
    }
}
