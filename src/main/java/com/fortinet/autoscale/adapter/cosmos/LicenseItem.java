package com.fortinet.autoscale.adapter.cosmos;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fortinet.autoscale.domain.licensing.LicenseAssignment;
import com.fortinet.autoscale.domain.cluster.VmId;

/** A license assignment as stored in the {@code LicenseUsage} container; id = the license's SHA-256. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
final class LicenseItem {
    public String id;
    public String clusterId;
    public String fileName;
    public String vmId;
    public String scalingGroup;
    public String assignedAt;
    /** Set by the store; only read. */
    @JsonProperty("_etag")
    public String etag;

    static LicenseItem from(LicenseAssignment a, String clusterId) {
        LicenseItem i = new LicenseItem();
        i.id = a.licenseSha256();
        i.clusterId = clusterId;
        i.fileName = a.fileName();
        i.vmId = a.vmId().value();
        i.scalingGroup = a.scalingGroup();
        i.assignedAt = HealthItem.text(a.assignedAt());
        return i;
    }

    LicenseAssignment toAssignment() {
        try {
            return new LicenseAssignment(id, fileName, VmId.of(vmId), scalingGroup, HealthItem.instant(assignedAt));
        } catch (RuntimeException e) {
            throw new IllegalStateException("license usage " + id + " in Cosmos DB is malformed: " + e.getMessage(), e);
        }
    }
}
