package com.fortinet.autoscale.adapter.cosmos;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fortinet.autoscale.domain.licensing.LicenseAssignment;
import com.fortinet.autoscale.domain.licensing.LicenseClaim;
import com.fortinet.autoscale.domain.cluster.VmId;

/**
 * An item of the {@code LicenseUsage} container: a license assignment (id = the license's SHA-256, no
 * {@code kind}), or a FortiGate's claim (id = {@code claim-<vmId>}, {@code kind = "claim"}, {@code license}
 * = the SHA-256 of the license it got).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
final class LicenseItem {
    public String id;
    public String clusterId;
    public String fileName;
    public String vmId;
    public String scalingGroup;
    public String assignedAt;
    /** {@value #CLAIM} for a FortiGate's claim; absent for a license assignment. */
    public String kind;
    /** A claim's license (SHA-256). */
    public String license;
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

    static final String CLAIM = "claim";

    static String claimId(VmId vmId) {
        return "claim-" + vmId.value();
    }

    static LicenseItem claim(LicenseClaim c, String clusterId) {
        LicenseItem i = new LicenseItem();
        i.id = claimId(c.vmId());
        i.clusterId = clusterId;
        i.kind = CLAIM;
        i.vmId = c.vmId().value();
        i.license = c.licenseSha256();
        return i;
    }

    boolean isClaim() {
        return CLAIM.equals(kind);
    }

    LicenseClaim toClaim() {
        try {
            return new LicenseClaim(VmId.of(vmId), license);
        } catch (RuntimeException e) {
            throw new IllegalStateException("license claim " + id + " in Cosmos DB is malformed: " + e.getMessage(), e);
        }
    }

    LicenseAssignment toAssignment() {
        try {
            return new LicenseAssignment(id, fileName, VmId.of(vmId), scalingGroup, HealthItem.instant(assignedAt));
        } catch (RuntimeException e) {
            throw new IllegalStateException("license usage " + id + " in Cosmos DB is malformed: " + e.getMessage(), e);
        }
    }
}
