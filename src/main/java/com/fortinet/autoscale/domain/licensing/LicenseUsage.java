package com.fortinet.autoscale.domain.licensing;

import com.fortinet.autoscale.domain.StoreConflictException;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.VmId;
import java.util.List;
import java.util.Optional;

/**
 * Which FortiGate holds which BYOL license: one record per license, keyed by the license's SHA-256, and one
 * claim per FortiGate, keyed by its vmId, naming the license it got. Both are created if absent, so under
 * any concurrency no license is held by two FortiGates and no FortiGate gets two answers.
 */
public interface LicenseUsage {
    /** A point read by license. */
    Optional<Versioned<LicenseAssignment>> read(String licenseSha256);

    /** Claims the license. @throws StoreConflictException when someone holds it already */
    Versioned<LicenseAssignment> create(LicenseAssignment assignment);

    /** Releases the license if it is still at {@code expectedVersion}; false when it changed or is gone. */
    boolean delete(String licenseSha256, String expectedVersion);

    /** Every assignment (license requests are rare: at a FortiGate's first boot); never the claims. */
    List<Versioned<LicenseAssignment>> readAll();

    /** A point read of the FortiGate's claim. */
    Optional<Versioned<LicenseClaim>> readClaim(VmId vmId);

    /** Records the FortiGate's license. @throws StoreConflictException when it has a claim already */
    Versioned<LicenseClaim> createClaim(LicenseClaim claim);

    /**
     * Moves the FortiGate's claim to another license if it is still at {@code expectedVersion}.
     *
     * @throws StoreConflictException when it changed or is gone
     */
    Versioned<LicenseClaim> replaceClaim(LicenseClaim claim, String expectedVersion);

    /** Removes the FortiGate's claim if it is still at {@code expectedVersion}; false when it changed or is gone. */
    boolean deleteClaim(VmId vmId, String expectedVersion);

    /** Every claim. */
    List<Versioned<LicenseClaim>> readAllClaims();
}
