package com.fortinet.autoscale.adapter.cosmos;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fortinet.autoscale.domain.health.DeviceReport;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.Placement;
import com.fortinet.autoscale.domain.health.SyncState;
import com.fortinet.autoscale.domain.health.Tracking;
import com.fortinet.autoscale.domain.cluster.VmId;
import java.time.Duration;
import java.time.Instant;

/**
 * A health record as stored in the {@code HealthRecords} container. Times are ISO-8601 instants and the
 * interval an ISO-8601 duration, so operators can read items in Data Explorer and nothing loses precision.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
final class HealthItem {
    public String id;
    public String clusterId;
    public String scalingGroup;
    public String privateIp;
    public String instanceId;
    public String interval;
    public String lastArrival;
    public String nextExpected;
    public int lossCount;
    public String syncState;
    public int recoveryCountdown;
    public Long sequence;
    public String deviceTime;
    public String firstSeen;
    public String knownPrimaryIp;
    public String syncTime;
    public String syncFailTime;
    public Boolean syncStatus;
    public Boolean isPrimary;
    public String checksum;
    /** Set by the store; only read. */
    @JsonProperty("_etag")
    public String etag;

    static HealthItem from(HealthRecord r, String clusterId) {
        HealthItem i = new HealthItem();
        i.id = r.vmId().value();
        i.clusterId = clusterId;
        i.scalingGroup = r.scalingGroup();
        i.privateIp = r.privateIp();
        i.instanceId = r.instanceId();
        i.interval = r.interval().toString();
        i.lastArrival = text(r.lastArrival());
        i.nextExpected = text(r.nextExpected());
        i.lossCount = r.lossCount();
        i.syncState = r.syncState().wireName();
        i.recoveryCountdown = r.recoveryCountdown();
        i.sequence = r.sequence();
        i.deviceTime = text(r.deviceTime());
        i.firstSeen = text(r.firstSeen());
        i.knownPrimaryIp = r.knownPrimaryIp();
        i.syncTime = text(r.syncTime());
        i.syncFailTime = text(r.syncFailTime());
        i.syncStatus = r.syncStatus();
        i.isPrimary = r.isPrimary();
        i.checksum = r.checksum();
        return i;
    }

    HealthRecord toRecord() {
        try {
            return new HealthRecord(VmId.of(id), new Placement(scalingGroup, privateIp, instanceId),
                    new Tracking(Duration.parse(interval), instant(lastArrival), instant(nextExpected), lossCount,
                            SyncState.fromWire(syncState), recoveryCountdown, instant(firstSeen)),
                    new DeviceReport(sequence, instant(deviceTime), instant(syncTime), instant(syncFailTime),
                            syncStatus, isPrimary, checksum),
                    knownPrimaryIp);
        } catch (RuntimeException e) {
            throw new IllegalStateException("health record " + id + " in Cosmos DB is malformed: " + e.getMessage(), e);
        }
    }

    static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
