package com.fortinet.autoscale.domain.fortianalyzer;

/**
 * The FortiAnalyzer could not be talked to: unreachable, too slow, a certificate that failed verification,
 * or a reply that is not JSON-RPC. Functions answer 503.
 */
public final class FortiAnalyzerUnavailableException extends FortiAnalyzerException {
    private static final long serialVersionUID = 1L;

    /** Why the call did not get an answer. */
    public enum Kind {
        /** Connection refused, reset, DNS, or an HTTP status other than 200. */
        UNREACHABLE,
        /** The connect or request timeout passed. */
        TIMEOUT,
        /** The TLS handshake failed (certificate not trusted, fingerprint mismatch, name mismatch). */
        TLS,
        /** The answer was not a JSON-RPC reply of the expected shape. */
        BAD_REPLY
    }

    private final Kind kind;

    public FortiAnalyzerUnavailableException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
