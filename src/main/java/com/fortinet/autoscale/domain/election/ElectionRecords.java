package com.fortinet.autoscale.domain.election;

import com.fortinet.autoscale.domain.StoreConflictException;
import com.fortinet.autoscale.domain.Versioned;
import java.util.Optional;

/**
 * The cluster's single election record. It changes only by compare-and-set, so two handlers electing at
 * once can never both win.
 */
public interface ElectionRecords {
    /** A point read. */
    Optional<Versioned<Primary>> read();

    /** Create-if-absent. @throws StoreConflictException when the record exists */
    Versioned<Primary> create(Primary primary);

    /** Replace-if-version. @throws StoreConflictException on a stale version or a missing record */
    Versioned<Primary> replace(Primary primary, String expectedVersion);
}
