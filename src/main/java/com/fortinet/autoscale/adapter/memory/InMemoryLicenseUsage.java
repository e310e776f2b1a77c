package com.fortinet.autoscale.adapter.memory;

import com.fortinet.autoscale.domain.licensing.LicenseAssignment;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.licensing.LicenseUsage;
import java.util.List;
import java.util.Optional;

/** License assignments kept in this process. */
public final class InMemoryLicenseUsage implements LicenseUsage {
    private final VersionedMap<String, LicenseAssignment> items = new VersionedMap<>();

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
}
