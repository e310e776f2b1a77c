package com.fortinet.autoscale.domain.health;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import java.time.Duration;
import java.time.Instant;

/**
 * Test data: a health record built by name, {@code aHealthRecord().of(member).lossCount(3).build()}. Defaults:
 * a BYOL FortiGate at 10.0.1.4, 30 s interval, arrived at {@link #T0}, on time, in-sync, nothing reported.
 * {@code nextExpected} follows {@code lastArrival + interval} unless set.
 */
public final class HealthRecordBuilder {
    /** The default arrival time. */
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private VmId vmId = VmId.of("11111111-1111-4111-8111-111111111111");
    private String scalingGroup = "byol";
    private String privateIp = "10.0.1.4";
    private String instanceId = "1";
    private Duration interval = Duration.ofSeconds(30);
    private Instant lastArrival = T0;
    private Instant nextExpected;
    private int lossCount;
    private SyncState syncState = SyncState.IN_SYNC;
    private int recoveryCountdown;
    private Instant firstSeen;
    private Long sequence;
    private Instant deviceTime;
    private Instant syncTime;
    private Instant syncFailTime;
    private Boolean syncStatus;
    private Boolean isPrimary;
    private String checksum;
    private String knownPrimaryIp;

    private HealthRecordBuilder() {}

    public static HealthRecordBuilder aHealthRecord() {
        return new HealthRecordBuilder();
    }

    /** A builder holding every value of {@code r}. */
    public static HealthRecordBuilder from(HealthRecord r) {
        HealthRecordBuilder b = new HealthRecordBuilder();
        b.vmId = r.vmId();
        b.scalingGroup = r.scalingGroup();
        b.privateIp = r.privateIp();
        b.instanceId = r.instanceId();
        b.interval = r.interval();
        b.lastArrival = r.lastArrival();
        b.nextExpected = r.nextExpected();
        b.lossCount = r.lossCount();
        b.syncState = r.syncState();
        b.recoveryCountdown = r.recoveryCountdown();
        b.firstSeen = r.firstSeen();
        b.sequence = r.sequence();
        b.deviceTime = r.deviceTime();
        b.syncTime = r.syncTime();
        b.syncFailTime = r.syncFailTime();
        b.syncStatus = r.syncStatus();
        b.isPrimary = r.isPrimary();
        b.checksum = r.checksum();
        b.knownPrimaryIp = r.knownPrimaryIp();
        return b;
    }

    /** Identity and placement of a scale-set member. */
    public HealthRecordBuilder of(Member m) {
        this.vmId = m.vmId();
        this.scalingGroup = m.scaleSet();
        this.privateIp = m.privateIp();
        this.instanceId = m.instanceId();
        return this;
    }

    public HealthRecordBuilder vmId(VmId v) {
        this.vmId = v;
        return this;
    }

    public HealthRecordBuilder scalingGroup(String g) {
        this.scalingGroup = g;
        return this;
    }

    public HealthRecordBuilder privateIp(String ip) {
        this.privateIp = ip;
        return this;
    }

    public HealthRecordBuilder instanceId(String id) {
        this.instanceId = id;
        return this;
    }

    public HealthRecordBuilder interval(Duration d) {
        this.interval = d;
        return this;
    }

    /** The last heartbeat arrived at {@code t}; the next is expected one interval later unless set. */
    public HealthRecordBuilder arrivedAt(Instant t) {
        this.lastArrival = t;
        return this;
    }

    public HealthRecordBuilder nextExpected(Instant t) {
        this.nextExpected = t;
        return this;
    }

    public HealthRecordBuilder lossCount(int n) {
        this.lossCount = n;
        return this;
    }

    /** Out-of-sync, {@code countdown} on-time heartbeats from recovery. */
    public HealthRecordBuilder outOfSync(int countdown) {
        this.syncState = SyncState.OUT_OF_SYNC;
        this.recoveryCountdown = countdown;
        return this;
    }

    public HealthRecordBuilder firstSeen(Instant t) {
        this.firstSeen = t;
        return this;
    }

    public HealthRecordBuilder sequence(Long n) {
        this.sequence = n;
        return this;
    }

    public HealthRecordBuilder deviceTime(Instant t) {
        this.deviceTime = t;
        return this;
    }

    public HealthRecordBuilder syncTime(Instant t) {
        this.syncTime = t;
        return this;
    }

    public HealthRecordBuilder syncFailTime(Instant t) {
        this.syncFailTime = t;
        return this;
    }

    public HealthRecordBuilder syncStatus(Boolean s) {
        this.syncStatus = s;
        return this;
    }

    /** The device's own view of its role. */
    public HealthRecordBuilder saysPrimary(Boolean p) {
        this.isPrimary = p;
        return this;
    }

    public HealthRecordBuilder checksum(String c) {
        this.checksum = c;
        return this;
    }

    public HealthRecordBuilder knownPrimaryIp(String ip) {
        this.knownPrimaryIp = ip;
        return this;
    }

    public HealthRecord build() {
        return new HealthRecord(vmId, new Placement(scalingGroup, privateIp, instanceId),
                new Tracking(interval, lastArrival, nextExpected != null ? nextExpected : lastArrival.plus(interval),
                        lossCount, syncState, recoveryCountdown, firstSeen != null ? firstSeen : lastArrival),
                new DeviceReport(sequence, deviceTime, syncTime, syncFailTime, syncStatus, isPrimary, checksum),
                knownPrimaryIp);
    }
}
