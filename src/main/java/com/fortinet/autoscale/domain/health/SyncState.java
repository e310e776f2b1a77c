package com.fortinet.autoscale.domain.health;

/** Whether a FortiGate counts as healthy (in sync with the cluster's heartbeat rules) or not. */
public enum SyncState {
    IN_SYNC("in-sync"),
    OUT_OF_SYNC("out-of-sync");

    private final String wire;

    SyncState(String wire) {
        this.wire = wire;
    }

    /** The name used in responses and stored items. */
    public String wireName() {
        return wire;
    }

    public static SyncState fromWire(String name) {
        for (SyncState s : values()) {
            if (s.wire.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown sync state: " + name);
    }
}
