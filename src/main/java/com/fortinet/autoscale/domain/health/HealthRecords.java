package com.fortinet.autoscale.domain.health;

import com.fortinet.autoscale.domain.StoreConflictException;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.VmId;
import java.util.List;
import java.util.Optional;

/**
 * The cluster's health records, one per FortiGate. Writes are conditional: {@link #create} fails when the
 * record exists, {@link #replace} when the stored version is not the expected one (or the record is gone).
 */
public interface HealthRecords {
    /** A point read. */
    Optional<Versioned<HealthRecord>> read(VmId vmId);

    /** Create-if-absent. @throws StoreConflictException when a record for the vmId exists */
    Versioned<HealthRecord> create(HealthRecord record);

    /** Replace-if-version. @throws StoreConflictException on a stale version or a missing record */
    Versioned<HealthRecord> replace(HealthRecord record, String expectedVersion);

    /** Every record of the cluster (one partition-scoped read; not for the steady heartbeat path). */
    List<Versioned<HealthRecord>> readAll();

    /** Removes the record if present; returns whether it was there. */
    boolean delete(VmId vmId);
}
