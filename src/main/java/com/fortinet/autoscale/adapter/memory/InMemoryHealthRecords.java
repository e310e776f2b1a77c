package com.fortinet.autoscale.adapter.memory;

import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.health.HealthRecords;
import java.util.List;
import java.util.Optional;

/** Health records kept in this process (the local runner's default, and the reference for the contract tests). */
public final class InMemoryHealthRecords implements HealthRecords {
    private final VersionedMap<VmId, HealthRecord> items = new VersionedMap<>();

    @Override
    public Optional<Versioned<HealthRecord>> read(VmId vmId) {
        return items.read(vmId);
    }

    @Override
    public Versioned<HealthRecord> create(HealthRecord record) {
        return items.create(record.vmId(), record);
    }

    @Override
    public Versioned<HealthRecord> replace(HealthRecord record, String expectedVersion) {
        return items.replace(record.vmId(), record, expectedVersion);
    }

    @Override
    public List<Versioned<HealthRecord>> readAll() {
        return items.values();
    }

    @Override
    public boolean delete(VmId vmId) {
        return items.delete(vmId);
    }
}
