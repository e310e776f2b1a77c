package com.fortinet.autoscale.domain.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.StoreConflictException;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.VmId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ElectionRecords} adapter must do: one record, changed only by compare-and-set. */
public abstract class ElectionRecordsContract {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.5Z");
    private static final VmId VM_A = VmId.of("0a0a0a0a-0000-4000-8000-00000000000a");
    private static final VmId VM_B = VmId.of("0b0b0b0b-0000-4000-8000-00000000000b");

    private ElectionRecords elections;

    /** A store of its own (no election record) for each test. */
    protected abstract ElectionRecords newStore();

    @BeforeEach
    void setUp() {
        elections = newStore();
    }

    private static Primary primary(VmId vm, long term) {
        return new Primary(vm, "10.0.1." + term, "byol", term, T0.plusSeconds(term), T0.plusSeconds(term + 62).plusNanos(7));
    }

    @Test
    void aClusterThatNeverElectedHasNoRecord() {
        // Invoke / Verify
        assertTrue(elections.read().isEmpty());
    }

    @Test
    void theFirstElectionIsCreatedAndReadsBackWithItsVersion() {
        // Setup
        Primary p = primary(VM_A, 1);

        // Invoke
        Versioned<Primary> created = elections.create(p);

        // Verify
        Versioned<Primary> read = elections.read().orElseThrow();
        assertEquals(p, read.value());
        assertEquals(created.version(), read.version());
    }

    @Test
    void aSecondFirstElectionConflictsAndTheFirstWinnerStays() {
        // Setup
        elections.create(primary(VM_A, 1));

        // Invoke
        assertThrows(StoreConflictException.class, () -> elections.create(primary(VM_B, 1)));

        // Verify
        assertEquals(VM_A, elections.read().orElseThrow().value().vmId());
    }

    @Test
    void aReplaceOnTheCurrentVersionElectsTheNextTerm() {
        // Setup
        Versioned<Primary> first = elections.create(primary(VM_A, 1));

        // Invoke
        Versioned<Primary> second = elections.replace(primary(VM_B, 2), first.version());

        // Verify
        assertNotEquals(first.version(), second.version());
        assertEquals(new Versioned<>(primary(VM_B, 2), second.version()), elections.read().orElseThrow());
    }

    @Test
    void aReplaceOnAStaleVersionConflictsAndKeepsTheWinner() {
        // Setup
        Versioned<Primary> first = elections.create(primary(VM_A, 1));
        elections.replace(primary(VM_B, 2), first.version());

        // Invoke
        assertThrows(StoreConflictException.class, () -> elections.replace(primary(VM_A, 2), first.version()));

        // Verify
        assertEquals(primary(VM_B, 2), elections.read().orElseThrow().value());
    }

    @Test
    void aReplaceWhenThereIsNoRecordConflictsAndCreatesNothing() {
        // Invoke
        assertThrows(StoreConflictException.class, () -> elections.replace(primary(VM_A, 2), "\"some-version\""));

        // Verify
        assertTrue(elections.read().isEmpty());
    }

    @Test
    void ofManyConcurrentCompareAndSetsOnOneVersionExactlyOneWins() throws Exception {
        // Setup
        Versioned<Primary> base = elections.create(primary(VM_A, 1));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> won = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                VmId candidate = VmId.of(String.format("0c0c0c0c-0000-4000-8000-%012d", t));
                won.add(pool.submit(() -> {
                    start.await();
                    try {
                        elections.replace(primary(candidate, 2), base.version());
                        return true;
                    } catch (StoreConflictException e) {
                        return false;
                    }
                }));
            }

            // Invoke
            start.countDown();
            int winners = 0;
            for (Future<Boolean> f : won) {
                winners += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }

            // Verify
            assertEquals(1, winners);
            assertEquals(2, elections.read().orElseThrow().value().term());
        } finally {
            pool.shutdownNow();
        }
    }
}
