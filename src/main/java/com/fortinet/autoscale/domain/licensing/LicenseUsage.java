package com.fortinet.autoscale.domain.licensing;

import com.fortinet.autoscale.domain.StoreConflictException;
import com.fortinet.autoscale.domain.Versioned;
import java.util.List;
import java.util.Optional;

/**
 * Which FortiGate holds which BYOL license: one record per license, keyed by the license's SHA-256. A claim
 * is a create-if-absent, so under any concurrency no license is held by two FortiGates.
 */
public interface LicenseUsage {
    /** A point read by license. */
    Optional<Versioned<LicenseAssignment>> read(String licenseSha256);

    /** Claims the license. @throws StoreConflictException when someone holds it already */
    Versioned<LicenseAssignment> create(LicenseAssignment assignment);

    /** Releases the license if it is still at {@code expectedVersion}; false when it changed or is gone. */
    boolean delete(String licenseSha256, String expectedVersion);

    /** Every assignment (license requests are rare: at a FortiGate's first boot). */
    List<Versioned<LicenseAssignment>> readAll();
}
