package com.fortinet.autoscale.functions;

/** The request is malformed (400); the message is the one-line reason the caller gets. */
public final class BadRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(message);
    }
}
