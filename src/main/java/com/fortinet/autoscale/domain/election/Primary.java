package com.fortinet.autoscale.domain.election;

import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.health.ControllerGap;

import java.time.Instant;
import java.util.Objects;

/**
 * The cluster's election record (behaviour §4): who the primary is, since when, and in which term.
 *
 * <p>{@code aliveUntil} is a lease the primary renews from its own heartbeats: until that instant the
 * primary cannot be lost (it is {@code nextExpected + allowance + interval} of a heartbeat it sent). It
 * lets a secondary's heartbeat know the primary is alive from this one record, without reading the
 * primary's health record; after it, the health record decides.
 *
 * <p>The record also carries the controller's watermark, because every heartbeat reads it anyway:
 * {@code recordedAt}, the last instant the controller is known to have recorded state (moved on by lease
 * renewals, elections and health monitor runs, never by a plain heartbeat, so a steady heartbeat still costs
 * two point operations), and {@code lastGap}, the last time the controller found it had been away, whose
 * heartbeat intervals count against no FortiGate.
 *
 * @param recordedAt the controller's watermark
 * @param lastGap    the last controller gap, null when there was none
 */
public record Primary(VmId vmId, String privateIp, String scalingGroup, long term, Instant electedAt,
                      Instant aliveUntil, Instant recordedAt, ControllerGap lastGap) {
    public Primary {
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(scalingGroup, "scalingGroup");
        Objects.requireNonNull(electedAt, "electedAt");
        Objects.requireNonNull(aliveUntil, "aliveUntil");
        if (term < 1) {
            throw new IllegalArgumentException("term starts at 1");
        }
        if (recordedAt == null) {
            recordedAt = electedAt;
        }
    }

    /** A primary just elected: its watermark is the election, no gap known. */
    public Primary(VmId vmId, String privateIp, String scalingGroup, long term, Instant electedAt, Instant aliveUntil) {
        this(vmId, privateIp, scalingGroup, term, electedAt, aliveUntil, electedAt, null);
    }

    /** The lease renewed at {@code now}, which also moves the watermark on. */
    public Primary withAliveUntil(Instant until, Instant now) {
        return new Primary(vmId, privateIp, scalingGroup, term, electedAt, until, later(recordedAt, now), lastGap);
    }

    /** The watermark moved on to {@code now}. */
    public Primary recordedAt(Instant now) {
        return new Primary(vmId, privateIp, scalingGroup, term, electedAt, aliveUntil, later(recordedAt, now), lastGap);
    }

    /** A controller gap found: recorded, the watermark at its end, the lease at least {@code leaseAtLeast}. */
    public Primary withGap(ControllerGap gap, Instant leaseAtLeast) {
        return new Primary(vmId, privateIp, scalingGroup, term, electedAt, later(aliveUntil, leaseAtLeast),
                later(recordedAt, gap.end()), gap);
    }

    /** The next term's primary; the watermark and the last gap carry over. */
    public Primary succeededBy(VmId winner, String ip, String group, Instant now, Instant lease) {
        return new Primary(winner, ip, group, term + 1, now, lease, later(recordedAt, now), lastGap);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
