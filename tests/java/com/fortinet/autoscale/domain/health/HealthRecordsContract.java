package com.fortinet.autoscale.domain.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.StoreConflictException;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.VmId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link HealthRecords} adapter must do, run against each of them (in-memory and Cosmos DB):
 * faithful round trips, create-if-absent, replace-if-version, one read of the whole cluster, and no update
 * lost under concurrent read-modify-write loops.
 */
public abstract class HealthRecordsContract {
    protected static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456789Z");
    protected static final VmId VM_A = VmId.of("0a0a0a0a-0000-4000-8000-00000000000a");
    protected static final VmId VM_B = VmId.of("0b0b0b0b-0000-4000-8000-00000000000b");

    private HealthRecords records;

    /** A store of its own (empty) for each test. */
    protected abstract HealthRecords newStore();

    @BeforeEach
    void setUp() {
        records = newStore();
    }

    /** A record with every field set, including the values a careless mapper loses (false, 0, fractions). */
    protected static HealthRecord full(VmId vm, int lossCount) {
        return HealthRecordBuilder.aHealthRecord().vmId(vm).scalingGroup("byol").privateIp("10.0.1.4")
                .instanceId("3").interval(Duration.ofMillis(30_500)).arrivedAt(T0).lossCount(lossCount)
                .outOfSync(2).sequence(0L).deviceTime(T0.minusSeconds(1)).firstSeen(T0.minusSeconds(600))
                .knownPrimaryIp("10.0.1.5").syncTime(T0.minusSeconds(5)).syncFailTime(T0.minusSeconds(50))
                .syncStatus(false).saysPrimary(false).checksum("abc123").build();
    }

    /** A record of an old FortiOS: only what a first heartbeat of instance and interval gives. */
    protected static HealthRecord minimal(VmId vm) {
        return HealthRecordBuilder.aHealthRecord().vmId(vm).scalingGroup("payg").privateIp(null).instanceId(null)
                .interval(Duration.ofSeconds(30)).arrivedAt(T0).build();
    }

    @Test
    void aRecordNeverCreatedReadsAsEmpty() {
        // Invoke
        Optional<Versioned<HealthRecord>> read = records.read(VM_A);

        // Verify
        assertTrue(read.isEmpty());
    }

    @Test
    void aCreatedRecordReadsBackFieldForFieldWithTheVersionTheCreateGave() {
        // Setup
        HealthRecord record = full(VM_A, 4);

        // Invoke
        Versioned<HealthRecord> created = records.create(record);
        Versioned<HealthRecord> read = records.read(VM_A).orElseThrow();

        // Verify
        assertEquals(record, created.value());
        assertEquals(record, read.value());
        assertEquals(created.version(), read.version());
    }

    @Test
    void aRecordWithOnlyTheRequiredFieldsKeepsItsNulls() {
        // Setup
        HealthRecord record = minimal(VM_A);

        // Invoke
        records.create(record);

        // Verify
        assertEquals(record, records.read(VM_A).orElseThrow().value());
    }

    @Test
    void aSecondCreateOfTheSameVmConflictsAndKeepsTheFirstRecord() {
        // Setup
        Versioned<HealthRecord> first = records.create(full(VM_A, 1));

        // Invoke
        assertThrows(StoreConflictException.class, () -> records.create(full(VM_A, 9)));

        // Verify
        Versioned<HealthRecord> stored = records.read(VM_A).orElseThrow();
        assertEquals(1, stored.value().lossCount());
        assertEquals(first.version(), stored.version());
    }

    @Test
    void aReplaceOnTheCurrentVersionStoresTheRecordUnderANewVersion() {
        // Setup
        Versioned<HealthRecord> first = records.create(full(VM_A, 1));

        // Invoke
        Versioned<HealthRecord> second = records.replace(full(VM_A, 2), first.version());

        // Verify
        assertNotEquals(first.version(), second.version());
        Versioned<HealthRecord> stored = records.read(VM_A).orElseThrow();
        assertEquals(2, stored.value().lossCount());
        assertEquals(second.version(), stored.version());
    }

    @Test
    void aReplaceOnAStaleVersionConflictsAndKeepsTheStoredRecord() {
        // Setup
        Versioned<HealthRecord> first = records.create(full(VM_A, 1));
        Versioned<HealthRecord> second = records.replace(full(VM_A, 2), first.version());

        // Invoke
        assertThrows(StoreConflictException.class, () -> records.replace(full(VM_A, 3), first.version()));

        // Verify
        Versioned<HealthRecord> stored = records.read(VM_A).orElseThrow();
        assertEquals(2, stored.value().lossCount());
        assertEquals(second.version(), stored.version());
    }

    @Test
    void aReplaceOfARecordThatIsGoneConflictsAndCreatesNothing() {
        // Setup
        Versioned<HealthRecord> first = records.create(full(VM_A, 1));
        records.delete(VM_A);

        // Invoke
        assertThrows(StoreConflictException.class, () -> records.replace(full(VM_A, 2), first.version()));

        // Verify
        assertTrue(records.read(VM_A).isEmpty());
    }

    @Test
    void readAllReturnsEveryRecordWithTheVersionAPointReadGives() {
        // Setup
        records.create(full(VM_A, 1));
        Versioned<HealthRecord> b = records.create(minimal(VM_B));
        b = records.replace(minimal(VM_B).withKnownPrimaryIp("10.0.1.4"), b.version());

        // Invoke
        Map<VmId, Versioned<HealthRecord>> all = records.readAll().stream()
                .collect(Collectors.toMap(v -> v.value().vmId(), v -> v));

        // Verify
        assertEquals(2, all.size());
        assertEquals(records.read(VM_A).orElseThrow(), all.get(VM_A));
        assertEquals(b, all.get(VM_B));
    }

    @Test
    void anEmptyClusterReadsAsNoRecords() {
        // Invoke
        List<Versioned<HealthRecord>> all = records.readAll();

        // Verify
        assertTrue(all.isEmpty());
    }

    @Test
    void deleteRemovesTheRecordAndSaysWhetherItWasThere() {
        // Setup
        records.create(full(VM_A, 1));
        records.create(full(VM_B, 1));

        // Invoke
        boolean first = records.delete(VM_A);
        boolean second = records.delete(VM_A);

        // Verify
        assertTrue(first);
        assertFalse(second);
        assertTrue(records.read(VM_A).isEmpty());
        assertTrue(records.read(VM_B).isPresent());
    }

    @Test
    void concurrentReadModifyReplaceLoopsLoseNoUpdate() throws Exception {
        // Setup: 8 writers each add 1 to the loss count 25 times, re-reading whenever they lose a write.
        int threads = 8;
        int increments = 25;
        records.create(minimal(VM_A));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> conflicts = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                conflicts.add(pool.submit(() -> {
                    start.await();
                    int lost = 0;
                    for (int i = 0; i < increments; i++) {
                        while (true) {
                            Versioned<HealthRecord> current = records.read(VM_A).orElseThrow();
                            HealthRecord r = current.value();
                            HealthRecord next = HealthRecordBuilder.from(r).lossCount(r.lossCount() + 1).build();
                            try {
                                records.replace(next, current.version());
                                break;
                            } catch (StoreConflictException e) {
                                lost++;
                            }
                        }
                    }
                    return lost;
                }));
            }

            // Invoke
            start.countDown();
            int totalConflicts = 0;
            for (Future<Integer> f : conflicts) {
                totalConflicts += f.get(120, TimeUnit.SECONDS);
            }

            // Verify
            assertEquals(threads * increments, records.read(VM_A).orElseThrow().value().lossCount(),
                    "every increment is in the record (" + totalConflicts + " conflicting writes were retried)");
        } finally {
            pool.shutdownNow();
        }
    }
}
