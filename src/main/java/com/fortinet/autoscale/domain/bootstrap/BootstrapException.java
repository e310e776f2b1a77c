package com.fortinet.autoscale.domain.bootstrap;

/** The bootstrap configuration cannot be assembled (a missing setting or config set); the message says which. */
public final class BootstrapException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BootstrapException(String message) {
        super(message);
    }
}
