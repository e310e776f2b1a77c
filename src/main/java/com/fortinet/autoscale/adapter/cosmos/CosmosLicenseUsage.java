package com.fortinet.autoscale.adapter.cosmos;

import com.fortinet.autoscale.domain.licensing.LicenseAssignment;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.licensing.LicenseUsage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * License assignments in the {@code LicenseUsage} container, id = the license's SHA-256. A claim is a
 * create-if-absent, so no license is ever held twice; a release is a delete-if-ETag. No TTL: an
 * assignment ends only when the licensing service releases it.
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
                .map(s -> new Versioned<>(s.item().toAssignment(), s.etag()))
                .toList();
    }
}
