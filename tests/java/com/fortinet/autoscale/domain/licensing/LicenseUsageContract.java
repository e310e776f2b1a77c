package com.fortinet.autoscale.domain.licensing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.StoreConflictException;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.VmId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LicenseUsage} adapter must do: a claim is create-if-absent keyed by the license, so a
 * license is never held twice; a release is conditional on the version read.
 */
public abstract class LicenseUsageContract {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.25Z");
    private static final String LICENSE_1 = "1".repeat(64);
    private static final String LICENSE_2 = "2a".repeat(32);
    private static final VmId VM_A = VmId.of("0a0a0a0a-0000-4000-8000-00000000000a");
    private static final VmId VM_B = VmId.of("0b0b0b0b-0000-4000-8000-00000000000b");

    private LicenseUsage usage;

    /** A store of its own (no assignment) for each test. */
    protected abstract LicenseUsage newStore();

    @BeforeEach
    void setUp() {
        usage = newStore();
    }

    private static LicenseAssignment assignment(String sha, VmId vm) {
        return new LicenseAssignment(sha, "FGVM-" + sha.substring(0, 4) + ".lic", vm, "byol", T0);
    }

    @Test
    void aLicenseNobodyClaimedReadsAsFree() {
        // Invoke / Verify
        assertTrue(usage.read(LICENSE_1).isEmpty());
    }

    @Test
    void aClaimReadsBackWithItsVersion() {
        // Setup
        LicenseAssignment a = assignment(LICENSE_1, VM_A);

        // Invoke
        Versioned<LicenseAssignment> claimed = usage.create(a);

        // Verify
        assertEquals(new Versioned<>(a, claimed.version()), usage.read(LICENSE_1).orElseThrow());
    }

    @Test
    void aSecondClaimOfAHeldLicenseConflictsAndTheHolderKeepsIt() {
        // Setup
        usage.create(assignment(LICENSE_1, VM_A));

        // Invoke
        assertThrows(StoreConflictException.class, () -> usage.create(assignment(LICENSE_1, VM_B)));

        // Verify
        assertEquals(VM_A, usage.read(LICENSE_1).orElseThrow().value().vmId());
    }

    @Test
    void aReleaseOnTheCurrentVersionFreesTheLicense() {
        // Setup
        Versioned<LicenseAssignment> claimed = usage.create(assignment(LICENSE_1, VM_A));

        // Invoke
        boolean released = usage.delete(LICENSE_1, claimed.version());

        // Verify
        assertTrue(released);
        assertTrue(usage.read(LICENSE_1).isEmpty());
        usage.create(assignment(LICENSE_1, VM_B));
        assertEquals(VM_B, usage.read(LICENSE_1).orElseThrow().value().vmId());
    }

    @Test
    void aReleaseOnAStaleVersionKeepsTheNewHoldersClaim() {
        // Setup: A's claim was released and B claimed the license since A's version was read.
        Versioned<LicenseAssignment> stale = usage.create(assignment(LICENSE_1, VM_A));
        usage.delete(LICENSE_1, stale.version());
        usage.create(assignment(LICENSE_1, VM_B));

        // Invoke
        boolean released = usage.delete(LICENSE_1, stale.version());

        // Verify
        assertFalse(released);
        assertEquals(VM_B, usage.read(LICENSE_1).orElseThrow().value().vmId());
    }

    @Test
    void releasingALicenseNobodyHoldsSaysSo() {
        // Invoke / Verify
        assertFalse(usage.delete(LICENSE_2, "\"any\""));
    }

    @Test
    void readAllListsEveryAssignmentWithItsVersion() {
        // Setup
        Versioned<LicenseAssignment> one = usage.create(assignment(LICENSE_1, VM_A));
        Versioned<LicenseAssignment> two = usage.create(assignment(LICENSE_2, VM_B));

        // Invoke
        Map<String, Versioned<LicenseAssignment>> all = usage.readAll().stream()
                .collect(Collectors.toMap(v -> v.value().licenseSha256(), v -> v));

        // Verify
        assertEquals(Map.of(LICENSE_1, one, LICENSE_2, two), all);
    }

    @Test
    void aFortiGatesFirstClaimWinsAndReadsBackApartFromTheLicenses() {
        // Setup
        Versioned<LicenseAssignment> held = usage.create(assignment(LICENSE_1, VM_A));
        usage.create(assignment(LICENSE_2, VM_A));

        // Invoke
        Versioned<LicenseClaim> first = usage.createClaim(new LicenseClaim(VM_A, LICENSE_1));
        assertThrows(StoreConflictException.class, () -> usage.createClaim(new LicenseClaim(VM_A, LICENSE_2)));

        // Verify
        assertEquals(first, usage.readClaim(VM_A).orElseThrow());
        assertEquals(new LicenseClaim(VM_A, LICENSE_1), first.value());
        assertTrue(usage.readClaim(VM_B).isEmpty());
        assertEquals(List.of(first), usage.readAllClaims());
        assertEquals(2, usage.readAll().size(), "claims are not license assignments");
        assertEquals(held, usage.read(LICENSE_1).orElseThrow());
    }

    @Test
    void aClaimMovesAndIsRemovedOnlyAtTheVersionRead() {
        // Setup
        Versioned<LicenseClaim> first = usage.createClaim(new LicenseClaim(VM_A, LICENSE_1));

        // Invoke
        Versioned<LicenseClaim> moved = usage.replaceClaim(new LicenseClaim(VM_A, LICENSE_2), first.version());

        // Verify
        assertThrows(StoreConflictException.class,
                () -> usage.replaceClaim(new LicenseClaim(VM_A, LICENSE_1), first.version()));
        assertThrows(StoreConflictException.class,
                () -> usage.replaceClaim(new LicenseClaim(VM_B, LICENSE_1), first.version()), "no claim to move");
        assertEquals(moved, usage.readClaim(VM_A).orElseThrow());
        assertFalse(usage.deleteClaim(VM_A, first.version()));
        assertTrue(usage.deleteClaim(VM_A, moved.version()));
        assertTrue(usage.readClaim(VM_A).isEmpty());
        assertFalse(usage.deleteClaim(VM_A, moved.version()));
    }

    @Test
    void ofManyConcurrentClaimsForOneFortiGateExactlyOneSucceeds() throws Exception {
        // Setup
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> claims = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                String sha = String.format("%064x", t + 1);
                claims.add(pool.submit(() -> {
                    start.await();
                    try {
                        usage.createClaim(new LicenseClaim(VM_A, sha));
                        return true;
                    } catch (StoreConflictException e) {
                        return false;
                    }
                }));
            }

            // Invoke
            start.countDown();
            int winners = 0;
            for (Future<Boolean> f : claims) {
                winners += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }

            // Verify
            assertEquals(1, winners);
            assertEquals(1, usage.readAllClaims().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ofManyConcurrentClaimsOfOneLicenseExactlyOneSucceeds() throws Exception {
        // Setup
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> claims = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                VmId vm = VmId.of(String.format("0c0c0c0c-0000-4000-8000-%012d", t));
                claims.add(pool.submit(() -> {
                    start.await();
                    try {
                        usage.create(assignment(LICENSE_1, vm));
                        return true;
                    } catch (StoreConflictException e) {
                        return false;
                    }
                }));
            }

            // Invoke
            start.countDown();
            int holders = 0;
            for (Future<Boolean> f : claims) {
                holders += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }

            // Verify
            assertEquals(1, holders);
            assertEquals(1, usage.readAll().size());
        } finally {
            pool.shutdownNow();
        }
    }
}
