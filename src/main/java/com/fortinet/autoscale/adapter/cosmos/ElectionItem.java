package com.fortinet.autoscale.adapter.cosmos;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.health.ControllerGap;

/** The election record as stored in the {@code Election} container: one item, id {@value #ID}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
final class ElectionItem {
    static final String ID = "primary";

    public String id;
    public String clusterId;
    public String vmId;
    public String privateIp;
    public String scalingGroup;
    public long term;
    public String electedAt;
    public String aliveUntil;
    /** The controller's watermark; absent in records written before it existed (then {@code electedAt}). */
    public String recordedAt;
    public String gapStart;
    public String gapEnd;
    /** Set by the store; only read. */
    @JsonProperty("_etag")
    public String etag;

    static ElectionItem from(Primary p, String clusterId) {
        ElectionItem i = new ElectionItem();
        i.id = ID;
        i.clusterId = clusterId;
        i.vmId = p.vmId().value();
        i.privateIp = p.privateIp();
        i.scalingGroup = p.scalingGroup();
        i.term = p.term();
        i.electedAt = HealthItem.text(p.electedAt());
        i.aliveUntil = HealthItem.text(p.aliveUntil());
        i.recordedAt = HealthItem.text(p.recordedAt());
        if (p.lastGap() != null) {
            i.gapStart = HealthItem.text(p.lastGap().start());
            i.gapEnd = HealthItem.text(p.lastGap().end());
        }
        return i;
    }

    Primary toPrimary() {
        try {
            ControllerGap gap = gapStart == null || gapEnd == null ? null
                    : new ControllerGap(HealthItem.instant(gapStart), HealthItem.instant(gapEnd));
            return new Primary(VmId.of(vmId), privateIp, scalingGroup, term, HealthItem.instant(electedAt),
                    HealthItem.instant(aliveUntil), recordedAt == null ? null : HealthItem.instant(recordedAt), gap);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the election record in Cosmos DB is malformed: " + e.getMessage(), e);
        }
    }
}
