package com.fortinet.autoscale.functions;

/** The request is not authentic (401); the message is the one-line reason the caller gets and the log keeps. */
public final class UnauthorizedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnauthorizedException(String message) {
        super(message);
    }
}
