package com.fortinet.autoscale.adapter.memory;

import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.licensing.LicenseAssignment;
import com.fortinet.autoscale.domain.licensing.LicenseClaim;
import com.fortinet.autoscale.domain.licensing.LicenseUsage;
import java.util.List;
import java.util.Optional;

/** License assignments and per-FortiGate claims kept in this process. */
public final class InMemoryLicenseUsage implements LicenseUsage {
    private final VersionedMap<String, LicenseAssignment> items = new VersionedMap<>();
    private final VersionedMap<VmId, LicenseClaim> claims = new VersionedMap<>();

    @Override
    public Optional<Versioned<LicenseAssignment>> read(String licenseSha256) {
        return items.read(licenseSha256);
    }

    @Override
    public Versioned<LicenseAssignment> create(LicenseAssignment assignment) {
        return items.create(assignment.licenseSha256(), assignment);
    }

    @Override
    public boolean delete(String licenseSha256, String expectedVersion) {
        return items.deleteIfVersion(licenseSha256, expectedVersion);
    }

    @Override
    public List<Versioned<LicenseAssignment>> readAll() {
        return items.values();
    }

    @Override
    public Optional<Versioned<LicenseClaim>> readClaim(VmId vmId) {
        return claims.read(vmId);
    }

    @Override
    public Versioned<LicenseClaim> createClaim(LicenseClaim claim) {
        return claims.create(claim.vmId(), claim);
    }

    @Override
    public Versioned<LicenseClaim> replaceClaim(LicenseClaim claim, String expectedVersion) {
        return claims.replace(claim.vmId(), claim, expectedVersion);
    }

    @Override
    public boolean deleteClaim(VmId vmId, String expectedVersion) {
        return claims.deleteIfVersion(vmId, expectedVersion);
    }

    @Override
    public List<Versioned<LicenseClaim>> readAllClaims() {
        return claims.values();
    }
}
