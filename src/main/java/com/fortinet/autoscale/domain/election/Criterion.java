package com.fortinet.autoscale.domain.election;

/**
 * What counts for a candidate in an election (SPEC §4), each with its weight. The weights are powers of two
 * so a higher criterion outweighs all lower ones together: a FortiGate that says it is primary beats every
 * one that does not, whatever their checksums.
 */
public enum Criterion {
    /** The device says it is primary: keeping it avoids a role change on a healthy device. */
    SAYS_PRIMARY(64, "says-primary"),
    /** Its checksum group alone holds the latest HA sync time: the freshest configuration. */
    GROUP_HOLDS_LATEST_SYNC(16, "group-holds-latest-sync"),
    /** It has the latest sync time within its checksum group. */
    LATEST_SYNC_IN_GROUP(8, "latest-sync-in-group"),
    /** Its checksum group is the single largest (of two or more): the configuration most devices agree on. */
    IN_LARGEST_GROUP(4, "in-largest-group"),
    /** Another candidate shares its checksum. */
    SHARES_CHECKSUM(2, "shares-checksum"),
    /** It reported a checksum at all. */
    HAS_CHECKSUM(1, "has-checksum");

    private final int weight;
    private final String wire;

    Criterion(int weight, String wire) {
        this.weight = weight;
        this.wire = wire;
    }

    public int weight() {
        return weight;
    }

    /** The name used in log lines and notifications. */
    public String wireName() {
        return wire;
    }
}
