package com.fortinet.autoscale.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the cluster knows of one FortiGate's health (SPEC §3). Immutable; the rules in {@link HealthRules}
 * derive the next record from this one and a heartbeat.
 *
 * @param vmId             the FortiGate
 * @param scalingGroup     the scale set it belongs to
 * @param privateIp        its private IP (what secondaries sync to when it is primary)
 * @param instanceId       its VMSS instance id (scaling events name VMs by it); may be null
 * @param interval         the heartbeat interval it reported last
 * @param lastArrival      when the handler received its last accepted heartbeat
 * @param nextExpected     {@code lastArrival + interval}
 * @param lossCount        heartbeats counted as lost
 * @param syncState        in-sync (healthy) or out-of-sync
 * @param recoveryCountdown on-time heartbeats still needed to recover when out-of-sync
 * @param sequence         the device's heartbeat counter, null when not sent
 * @param deviceTime       the device clock of the last accepted heartbeat, null when not sent
 * @param firstSeen        when its first heartbeat arrived
 * @param knownPrimaryIp   the primary IP this device was last told, null when never told
 * @param syncTime         last HA sync success the device reported
 * @param syncFailTime     last HA sync failure the device reported
 * @param syncStatus       on a secondary: in sync with its primary, as the device reported
 * @param isPrimary        the device's own view of its role
 * @param checksum         HA configuration checksum
 */
public record HealthRecord(
        VmId vmId,
        String scalingGroup,
        String privateIp,
        String instanceId,
        Duration interval,
        Instant lastArrival,
        Instant nextExpected,
        int lossCount,
        SyncState syncState,
        int recoveryCountdown,
        Long sequence,
        Instant deviceTime,
        Instant firstSeen,
        String knownPrimaryIp,
        Instant syncTime,
        Instant syncFailTime,
        Boolean syncStatus,
        Boolean isPrimary,
        String checksum) {

    public HealthRecord {
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(scalingGroup, "scalingGroup");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(lastArrival, "lastArrival");
        Objects.requireNonNull(nextExpected, "nextExpected");
        Objects.requireNonNull(syncState, "syncState");
        Objects.requireNonNull(firstSeen, "firstSeen");
        if (lossCount < 0 || recoveryCountdown < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    public boolean inSync() {
        return syncState == SyncState.IN_SYNC;
    }

    public HealthRecord withKnownPrimaryIp(String ip) {
        return new HealthRecord(vmId, scalingGroup, privateIp, instanceId, interval, lastArrival, nextExpected,
                lossCount, syncState, recoveryCountdown, sequence, deviceTime, firstSeen, ip, syncTime,
                syncFailTime, syncStatus, isPrimary, checksum);
    }

    /** The record marked out-of-sync (by the health monitor) with the given loss count. */
    public HealthRecord markedOutOfSync(int newLossCount, int countdown) {
        return new HealthRecord(vmId, scalingGroup, privateIp, instanceId, interval, lastArrival, nextExpected,
                newLossCount, SyncState.OUT_OF_SYNC, countdown, sequence, deviceTime, firstSeen, knownPrimaryIp,
                syncTime, syncFailTime, syncStatus, isPrimary, checksum);
    }
}
