package com.fortinet.autoscale.domain.health;

import com.fortinet.autoscale.domain.cluster.VmId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the cluster knows of one FortiGate's health (SPEC §3): where it is, what tracking says, what it
 * reported last, and which primary IP it was last told. Immutable; the rules in {@link HealthRules} derive
 * the next record from this one and a heartbeat.
 *
 * <p>The accessors below the components read through to the parts, so that rules read as
 * {@code r.lossCount()} rather than {@code r.tracking().lossCount()}.
 *
 * @param vmId           the FortiGate
 * @param placement      its scale set, private IP and VMSS instance id
 * @param tracking       interval, arrivals, loss count, sync state, recovery countdown, first seen
 * @param reported       what its last accepted heartbeat reported (sequence, clocks, role, checksum)
 * @param knownPrimaryIp the primary IP this device was last told, null when never told
 */
public record HealthRecord(VmId vmId, Placement placement, Tracking tracking, DeviceReport reported,
                           String knownPrimaryIp) {

    public HealthRecord {
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(tracking, "tracking");
        Objects.requireNonNull(reported, "reported");
    }

    public HealthRecord withKnownPrimaryIp(String ip) {
        return new HealthRecord(vmId, placement, tracking, reported, ip);
    }

    public HealthRecord withPlacement(Placement where) {
        return new HealthRecord(vmId, where, tracking, reported, knownPrimaryIp);
    }

    public HealthRecord withTracking(Tracking t) {
        return new HealthRecord(vmId, placement, t, reported, knownPrimaryIp);
    }

    /** The record marked out-of-sync (by the health monitor) with the given loss count. */
    public HealthRecord markedOutOfSync(int newLossCount, int countdown) {
        return withTracking(tracking.outOfSync(newLossCount, countdown));
    }

    public boolean inSync() {
        return tracking.syncState() == SyncState.IN_SYNC;
    }

    public String scalingGroup() {
        return placement.scalingGroup();
    }

    public String privateIp() {
        return placement.privateIp();
    }

    public String instanceId() {
        return placement.instanceId();
    }

    public Duration interval() {
        return tracking.interval();
    }

    public Instant lastArrival() {
        return tracking.lastArrival();
    }

    public Instant nextExpected() {
        return tracking.nextExpected();
    }

    public int lossCount() {
        return tracking.lossCount();
    }

    public SyncState syncState() {
        return tracking.syncState();
    }

    public int recoveryCountdown() {
        return tracking.recoveryCountdown();
    }

    public Instant firstSeen() {
        return tracking.firstSeen();
    }

    public Long sequence() {
        return reported.sequence();
    }

    public Instant deviceTime() {
        return reported.deviceTime();
    }

    public Instant syncTime() {
        return reported.syncTime();
    }

    public Instant syncFailTime() {
        return reported.syncFailTime();
    }

    public Boolean syncStatus() {
        return reported.syncStatus();
    }

    public Boolean isPrimary() {
        return reported.isPrimary();
    }

    public String checksum() {
        return reported.checksum();
    }
}
