package com.fortinet.autoscale.domain.election;

import com.fortinet.autoscale.domain.cluster.VmId;

import java.time.Instant;
import java.util.Objects;

/**
 * The cluster's election record (SPEC §4): who the primary is, since when, and in which term.
 *
 * <p>{@code aliveUntil} is a lease the primary renews from its own heartbeats: until that instant the
 * primary cannot be lost (it is {@code nextExpected + allowance + interval} of a heartbeat it sent). It
 * lets a secondary's heartbeat know the primary is alive from this one record, without reading the
 * primary's health record; after it, the health record decides.
 */
public record Primary(VmId vmId, String privateIp, String scalingGroup, long term, Instant electedAt,
                      Instant aliveUntil) {
    public Primary {
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(scalingGroup, "scalingGroup");
        Objects.requireNonNull(electedAt, "electedAt");
        Objects.requireNonNull(aliveUntil, "aliveUntil");
        if (term < 1) {
            throw new IllegalArgumentException("term starts at 1");
        }
    }

    public Primary withAliveUntil(Instant until) {
        return new Primary(vmId, privateIp, scalingGroup, term, electedAt, until);
    }
}
