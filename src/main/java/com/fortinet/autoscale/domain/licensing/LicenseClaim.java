package com.fortinet.autoscale.domain.licensing;

import com.fortinet.autoscale.domain.cluster.VmId;
import java.util.Objects;

/**
 * Which license a FortiGate got (SPEC §6): one record per FortiGate, keyed by its vmId, created if absent.
 * Whatever number of function instances serve one FortiGate at once, the store lets one claim win, so the
 * FortiGate gets one license and every answer names it. The license's usage record
 * ({@link LicenseAssignment}) is written before the claim that names it.
 */
public record LicenseClaim(VmId vmId, String licenseSha256) {
    public LicenseClaim {
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(licenseSha256, "licenseSha256");
        if (!licenseSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("licenseSha256 must be 64 lower-case hex digits");
        }
    }
}
