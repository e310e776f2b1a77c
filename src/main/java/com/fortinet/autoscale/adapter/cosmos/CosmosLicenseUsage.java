package com.fortinet.autoscale.adapter.cosmos;

import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.licensing.LicenseAssignment;
import com.fortinet.autoscale.domain.licensing.LicenseClaim;
import com.fortinet.autoscale.domain.licensing.LicenseUsage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * License assignments in the {@code LicenseUsage} container, id = the license's SHA-256, and in the same
 * partition one claim per FortiGate, id = {@code claim-<vmId>}, {@code kind = "claim"}. Claims and
 * assignments are create-if-absent, so no license is ever held twice and a FortiGate's first claim wins;
 * a release is a delete-if-ETag, a claim moves by replace-if-ETag. No TTL: an assignment ends only when
 * the licensing service releases it.
 */
public final class CosmosLicenseUsage implements LicenseUsage {
    private final Items<LicenseItem> items;

    public CosmosLicenseUsage(CosmosStore store) {
        this.items = new Items<>(Objects.requireNonNull(store, "store"), CosmosStore.LICENSE_USAGE, LicenseItem.class,
                i -> i.etag);
    }

    @Override
    public Optional<Versioned<LicenseAssignment>> read(String licenseSha256) {
        return items.read(licenseSha256).map(s -> new Versioned<>(s.item().toAssignment(), s.etag()));
    }

    @Override
    public Versioned<LicenseAssignment> create(LicenseAssignment assignment) {
        String etag = items.create(assignment.licenseSha256(), LicenseItem.from(assignment, items.store().clusterId()));
        return new Versioned<>(assignment, etag);
    }

    @Override
    public boolean delete(String licenseSha256, String expectedVersion) {
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        return items.delete(licenseSha256, expectedVersion);
    }

    @Override
    public List<Versioned<LicenseAssignment>> readAll() {
        return items.readAll().stream()
                .filter(s -> !s.item().isClaim())
                .map(s -> new Versioned<>(s.item().toAssignment(), s.etag()))
                .toList();
    }

    @Override
    public Optional<Versioned<LicenseClaim>> readClaim(VmId vmId) {
        return items.read(LicenseItem.claimId(vmId)).map(s -> new Versioned<>(s.item().toClaim(), s.etag()));
    }

    @Override
    public Versioned<LicenseClaim> createClaim(LicenseClaim claim) {
        String etag = items.create(LicenseItem.claimId(claim.vmId()),
                LicenseItem.claim(claim, items.store().clusterId()));
        return new Versioned<>(claim, etag);
    }

    @Override
    public Versioned<LicenseClaim> replaceClaim(LicenseClaim claim, String expectedVersion) {
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        String etag = items.replace(LicenseItem.claimId(claim.vmId()),
                LicenseItem.claim(claim, items.store().clusterId()), expectedVersion);
        return new Versioned<>(claim, etag);
    }

    @Override
    public boolean deleteClaim(VmId vmId, String expectedVersion) {
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        return items.delete(LicenseItem.claimId(vmId), expectedVersion);
    }

    @Override
    public List<Versioned<LicenseClaim>> readAllClaims() {
        return items.readAll().stream()
                .filter(s -> s.item().isClaim())
                .map(s -> new Versioned<>(s.item().toClaim(), s.etag()))
                .toList();
    }
}
