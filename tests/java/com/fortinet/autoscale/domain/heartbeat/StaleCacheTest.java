package com.fortinet.autoscale.domain.heartbeat;

import static com.fortinet.autoscale.support.Fixtures.beat;
import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.memory.InMemoryElectionRecords;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.HealthRules.Disposition;
import com.fortinet.autoscale.domain.health.SyncState;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.support.HookedHealthRecords;
import com.fortinet.autoscale.support.TestCluster;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 1: the version of a record one function instance wrote last is a hint for the steady
 * state, never the evidence for an election. Two instances with their own caches share one store.
 */
class StaleCacheTest {
    // interval 10 s, allowance 2 s, loss count 3
    private final TestCluster cluster = new TestCluster(List.of(byol(1), byol(2), byol(3)),
            Map.of("heartbeat-loss-count", "3"));
    private final App a = cluster.app;
    private final App b = cluster.anotherInstance();

    private void beatOn(App app, int n) {
        app.heartbeats().handle(beat(n, 10), "test");
    }

    @Test
    void aPrimaryWhoseHeartbeatsWentToAnotherInstanceIsNotDeposedByTheStaleCopy() {
        beatOn(a, 1);
        beatOn(a, 2);
        beatOn(a, 3);
        // the primary's next heartbeat-loss-count heartbeats (and everyone else's) reach instance B
        for (int i = 0; i < 4; i++) {
            cluster.clock.advanceSeconds(10);
            beatOn(b, 1);
            beatOn(b, 2);
            beatOn(b, 3);
        }
        // the next one reaches A, whose copy of the primary's record is 40 s old
        cluster.clock.advanceSeconds(10);
        beatOn(a, 1);

        assertEquals(vm(1), cluster.primary().orElseThrow().vmId(), "the healthy primary stays");
        assertEquals(1, cluster.primary().orElseThrow().term());
        assertEquals(1, cluster.notifier.of(Notification.Type.PRIMARY_ELECTED).size());
        HealthRecord r = cluster.record(vm(1)).orElseThrow();
        assertEquals(SyncState.IN_SYNC, r.syncState());
        assertEquals(0, r.lossCount());
        assertTrue(cluster.notifier.of(Notification.Type.HEARTBEAT_LATE).isEmpty(), "nobody was late");
    }

    @Test
    void aSecondaryWithAStaleInSyncCopyDoesNotWinAnElectionItIsNotEligibleFor() {
        beatOn(a, 1);
        beatOn(a, 2);
        beatOn(a, 3);
        // the primary (1) falls silent; 2 beats on A, 3 on B
        cluster.clock.advanceSeconds(10);
        beatOn(a, 2);
        beatOn(b, 3);
        cluster.clock.advanceSeconds(10);
        beatOn(a, 2);
        beatOn(b, 3);
        // another writer marked 2 out-of-sync since; A still holds its in-sync copy
        Versioned<HealthRecord> stored = cluster.healthRecords().read(vm(2)).orElseThrow();
        cluster.healthRecords().replace(stored.value().markedOutOfSync(3, 3), stored.version());
        // 30 s: the primary is lost; 2's heartbeat on A is on time by A's copy
        cluster.clock.advanceSeconds(10);
        beatOn(a, 2);

        assertEquals(vm(3), cluster.primary().orElseThrow().vmId(), "never the out-of-sync 2");
        assertEquals(SyncState.OUT_OF_SYNC, cluster.record(vm(2)).orElseThrow().syncState());
        assertTrue(cluster.notifier.of(Notification.Type.PRIMARY_ELECTED).stream()
                .noneMatch(n -> n.subject().equals(vm(2).value())), "2 was never announced as primary");
    }

    @Test
    void aRebootedDeviceIsNotCalledOutdatedByTheCopyAnInstanceWroteBeforeTheReboot() {
        Instant start = cluster.clock.instant();
        // A last wrote 1's record: sequence 50 from a clock running 5 minutes fast (believable)
        assertEquals(Disposition.APPLIED, handle(a, 50, start.plusSeconds(300)));
        // 1 reboots: its counter starts again and its clock is now right; both heartbeats reach B
        cluster.clock.advanceSeconds(10);
        assertEquals(Disposition.APPLIED, handle(b, 1, cluster.clock.instant()));
        cluster.clock.advanceSeconds(10);
        assertEquals(Disposition.APPLIED, handle(b, 2, cluster.clock.instant()));
        // the next ones reach A, whose copy (sequence 50, 5 minutes ahead) would call each of them outdated
        for (long sequence = 3; sequence <= 5; sequence++) {
            cluster.clock.advanceSeconds(10);
            assertEquals(Disposition.APPLIED, handle(a, sequence, cluster.clock.instant()), "sequence " + sequence);
        }
        HealthRecord r = cluster.record(vm(1)).orElseThrow();
        assertEquals(5L, r.sequence());
        assertEquals(0, r.lossCount());
        assertEquals(cluster.clock.instant(), r.lastArrival());
    }

    private Disposition handle(App app, long sequence, Instant deviceTime) {
        return app.heartbeats().handle(beat(vm(1), 10, sequence, deviceTime), "test").disposition();
    }

    @Test
    void aRetryAfterAConflictAnnouncesThePrimaryOfNowNotTheOneReadBefore() {
        HookedHealthRecords health = new HookedHealthRecords();
        TestCluster c = new TestCluster(List.of(byol(1), byol(2), byol(3)), Map.of("heartbeat-loss-count", "3"),
                health, new InMemoryElectionRecords());
        App first = c.app;
        App second = c.anotherInstance();
        for (int round = 0; round < 2; round++) {
            for (int n = 1; n <= 3; n++) {
                first.heartbeats().handle(beat(n, 10), "a");
            }
            c.clock.advanceSeconds(10);
        }
        assertEquals("10.0.1.1", c.record(vm(3)).orElseThrow().knownPrimaryIp());
        // While A takes 3's heartbeat, after it read the election record: the primary (1) bootstraps again and
        // hands over on B, and B takes a heartbeat of 3 too, so A's write of 3's record conflicts.
        health.beforeReplace(record -> {
            if (record.vmId().equals(vm(3))) {
                health.beforeReplace(r -> { });
                c.election.handOver(vm(1), c.clock.instant(), c.settings.current(), "b");
                second.heartbeats().handle(beat(3, 10), "b");
            }
        });
        HeartbeatService.Result result = first.heartbeats().handle(beat(3, 10), "a");

        String primaryIp = c.primary().orElseThrow().privateIp();
        assertNotEquals("10.0.1.1", primaryIp, "1 handed over");
        assertNotEquals(Optional.of("10.0.1.1"), result.announcePrimaryIp(),
                "never the primary read before the conflict");
        assertEquals(primaryIp, c.record(vm(3)).orElseThrow().knownPrimaryIp());
    }
}
