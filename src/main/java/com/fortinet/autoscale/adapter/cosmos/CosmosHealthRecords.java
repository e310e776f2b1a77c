package com.fortinet.autoscale.adapter.cosmos;

import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.health.HealthRecords;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Health records in the {@code HealthRecords} container: id = vmId, all of a cluster in one logical
 * partition, so the election reads them with one partition-scoped read feed. Writes are conditional on the
 * ETag (create-if-absent, replace-if-match); items expire a week after their last write.
 */
public final class CosmosHealthRecords implements HealthRecords {
    private final Items<HealthItem> items;

    public CosmosHealthRecords(CosmosStore store) {
        this.items = new Items<>(Objects.requireNonNull(store, "store"), CosmosStore.HEALTH_RECORDS,
                HealthItem.class, i -> i.etag);
    }

    @Override
    public Optional<Versioned<HealthRecord>> read(VmId vmId) {
        return items.read(vmId.value()).map(s -> new Versioned<>(s.item().toRecord(), s.etag()));
    }

    @Override
    public Versioned<HealthRecord> create(HealthRecord record) {
        String etag = items.create(record.vmId().value(), HealthItem.from(record, items.store().clusterId()));
        return new Versioned<>(record, etag);
    }

    @Override
    public Versioned<HealthRecord> replace(HealthRecord record, String expectedVersion) {
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        String etag = items.replace(record.vmId().value(), HealthItem.from(record, items.store().clusterId()),
                expectedVersion);
        return new Versioned<>(record, etag);
    }

    @Override
    public List<Versioned<HealthRecord>> readAll() {
        return items.readAll().stream()
                .map(s -> new Versioned<>(s.item().toRecord(), s.etag()))
                .toList();
    }

    @Override
    public boolean delete(VmId vmId) {
        return items.delete(vmId.value(), null);
    }
}
