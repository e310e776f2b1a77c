package com.fortinet.autoscale.domain.fortianalyzer;

/**
 * A FortiAnalyzer call failed. Nothing was authorized by the failing call; the next reconciliation (the
 * timer, or the next request) tries again. Messages never carry credentials or session tokens.
 */
public abstract class FortiAnalyzerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected FortiAnalyzerException(String message, Throwable cause) {
        super(message, cause);
    }
}
