package com.fortinet.autoscale.support;

import com.fortinet.autoscale.adapter.memory.InMemoryHealthRecords;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.HealthRecords;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * In-memory health records that run a test's hook before a create, a replace or a read of every record: for
 * races (another instance's work between two writes of a handler, or between its read and its write) and stores
 * that answer late (a hook that moves the test clock on).
 */
public final class HookedHealthRecords implements HealthRecords {
    private final InMemoryHealthRecords inner = new InMemoryHealthRecords();
    private volatile Consumer<HealthRecord> beforeCreate = r -> { };
    private volatile Consumer<HealthRecord> beforeReplace = r -> { };
    private volatile Runnable beforeReadAll = () -> { };

    /** Runs {@code hook} with the record about to be created, before it is. */
    public void beforeCreate(Consumer<HealthRecord> hook) {
        this.beforeCreate = hook;
    }

    /** Runs {@code hook} with the record about to replace the stored one, before it does. */
    public void beforeReplace(Consumer<HealthRecord> hook) {
        this.beforeReplace = hook;
    }

    /** Runs {@code hook} before every read of all records. */
    public void beforeReadAll(Runnable hook) {
        this.beforeReadAll = hook;
    }

    /** The records without any hook (what a test seeds or inspects). */
    public HealthRecords plain() {
        return inner;
    }

    @Override
    public Optional<Versioned<HealthRecord>> read(VmId vmId) {
        return inner.read(vmId);
    }

    @Override
    public Versioned<HealthRecord> create(HealthRecord record) {
        beforeCreate.accept(record);
        return inner.create(record);
    }

    @Override
    public Versioned<HealthRecord> replace(HealthRecord record, String expectedVersion) {
        beforeReplace.accept(record);
        return inner.replace(record, expectedVersion);
    }

    @Override
    public List<Versioned<HealthRecord>> readAll() {
        beforeReadAll.run();
        return inner.readAll();
    }

    @Override
    public boolean delete(VmId vmId) {
        return inner.delete(vmId);
    }
}
