package com.fortinet.autoscale.domain.health;

import com.fortinet.autoscale.domain.cluster.VmId;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A heartbeat as FortiOS sends it (SPEC §2). Only {@code vmId} and {@code interval} are required; older
 * FortiOS versions send nothing else, so every other field may be null. Values are kept as sent:
 * {@code false} stays false and a sequence of 0 stays 0.
 */
public record Heartbeat(
        VmId vmId,
        Duration interval,
        Long sequence,
        Instant time,
        Instant syncTime,
        Instant syncFailTime,
        Boolean syncStatus,
        Boolean isPrimary,
        String checksum) {

    public Heartbeat {
        Objects.requireNonNull(vmId, "instance");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be a number of seconds > 0");
        }
        if (sequence != null && sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative");
        }
    }

    /** The heartbeat of an older FortiOS: instance and interval only. */
    public static Heartbeat minimal(VmId vmId, Duration interval) {
        return new Heartbeat(vmId, interval, null, null, null, null, null, null, null);
    }
}
