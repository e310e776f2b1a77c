package com.fortinet.autoscale.domain;

/**
 * A conditional write lost: the item changed since it was read (a stale version), or a create found the
 * item already there, or a replace found it gone. The caller re-reads and re-applies its rules.
 */
public final class StoreConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreConflictException(String message) {
        super(message);
    }
}
