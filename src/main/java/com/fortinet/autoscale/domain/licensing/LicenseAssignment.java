package com.fortinet.autoscale.domain.licensing;

import com.fortinet.autoscale.domain.cluster.VmId;

import java.time.Instant;
import java.util.Objects;

/**
 * A BYOL license held by a FortiGate (SPEC §6). The license is identified by the SHA-256 of its file's
 * content (lower-case hex), so a renamed file is still the same license.
 */
public record LicenseAssignment(String licenseSha256, String fileName, VmId vmId, String scalingGroup,
                                Instant assignedAt) {
    public LicenseAssignment {
        Objects.requireNonNull(licenseSha256, "licenseSha256");
        if (!licenseSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("licenseSha256 must be 64 lower-case hex digits");
        }
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(assignedAt, "assignedAt");
    }
}
