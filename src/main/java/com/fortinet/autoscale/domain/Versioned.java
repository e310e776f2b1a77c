package com.fortinet.autoscale.domain;

import java.util.Objects;

/**
 * A stored value with the opaque version the store gave it (an ETag in Cosmos DB). A conditional write
 * names the version it was based on, so a write on a stale version fails instead of losing an update.
 */
public record Versioned<T>(T value, String version) {
    public Versioned {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(version, "version");
    }
}
