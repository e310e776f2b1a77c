package com.fortinet.autoscale.domain.heartbeat;
import com.fortinet.autoscale.domain.Versioned;

import com.fortinet.autoscale.domain.cluster.UnknownInstanceException;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.HealthRules;
import com.fortinet.autoscale.domain.health.SyncState;
import com.fortinet.autoscale.domain.notification.Notification;

import static com.fortinet.autoscale.support.Fixtures.beat;
import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.payg;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.support.CountingStores;
import com.fortinet.autoscale.support.TestCluster;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeartbeatServiceTest {
    // interval 10 s, allowance 2 s, loss count 3, recovery 2
    private final TestCluster cluster = new TestCluster(List.of(byol(1), byol(2), byol(3), payg(4)),
            Map.of("heartbeat-loss-count", "3", "sync-recovery-count", "2"));

    private Optional<String> beatAt(int n) {
        return cluster.beat(beat(n, 10)).announcePrimaryIp();
    }

    @Test
    void theFirstDeviceIsElectedAndToldItsOwnIp() {
        assertEquals(Optional.of("10.0.1.1"), beatAt(1));
        Primary p = cluster.primary().orElseThrow();
        assertEquals(vm(1), p.vmId());
        assertEquals(1, p.term());
        assertEquals(1, cluster.notifier.of(Notification.Type.PRIMARY_ELECTED).size());
    }

    @Test
    void aNewDeviceIsToldThePrimaryOnceAndThenNothing() {
        beatAt(1);
        assertEquals(Optional.of("10.0.1.1"), beatAt(2));
        cluster.clock.advanceSeconds(10);
        beatAt(1);
        assertEquals(Optional.empty(), beatAt(2));
        assertEquals("10.0.1.1", cluster.record(vm(2)).orElseThrow().knownPrimaryIp());
    }

    @Test
    void aVmIdInNoScaleSetIsUnknown() {
        assertThrows(UnknownInstanceException.class, () -> cluster.beat(beat(99, 10)));
        assertTrue(cluster.record(vm(99)).isEmpty());
    }

    @Test
    void whenThePrimaryFallsSilentASecondaryIsElectedAndEveryoneIsTold() {
        beatAt(1);
        beatAt(2);
        beatAt(3);
        // the primary (1) goes silent; the others keep their interval
        for (int i = 0; i < 2; i++) {
            cluster.clock.advanceSeconds(10);
            beatAt(2);
            beatAt(3);
        }
        assertEquals(vm(1), cluster.primary().orElseThrow().vmId(), "one missed heartbeat is not lost");
        cluster.clock.advanceSeconds(10); // 30 s after its last heartbeat: two missed, lost
        assertEquals(Optional.of("10.0.1.2"), beatAt(2));
        Primary p = cluster.primary().orElseThrow();
        assertEquals(vm(2), p.vmId());
        assertEquals(2, p.term());
        assertEquals(Optional.of("10.0.1.2"), beatAt(3));
        // the old primary returns and learns who the primary is now
        assertEquals(Optional.of("10.0.1.2"), beatAt(1));
        assertEquals(vm(2), cluster.primary().orElseThrow().vmId(), "a returning device does not take over");
    }

    @Test
    void aPrimaryThatShortensItsIntervalIsDetectedOnTheNewIntervalNotTheOld() {
        // 1 is primary on a 30 s interval: its lease runs 62 s past its heartbeat
        cluster.beat(beat(1, 30));
        cluster.beat(beat(2, 30));
        // the operator lowers hb-interval to 2 s; 1 beats once on it, then stops
        cluster.clock.advanceSeconds(1);
        cluster.beat(beat(1, 2));
        cluster.beat(beat(2, 2));
        for (int i = 0; i < 2; i++) {
            cluster.clock.advanceSeconds(2);
            cluster.beat(beat(2, 2));
            assertEquals(vm(1), cluster.primary().orElseThrow().vmId(), "not lost yet at " + (2 * i + 3) + " s");
        }
        // 1's last heartbeat was at 1 s on a 2 s interval: next expected at 3, + 2 s allowance, + one more
        // interval: lost at 7 s (on its old 30 s lease it would have been 62 s)
        cluster.clock.advanceSeconds(2);
        assertEquals(Optional.of("10.0.1.2"), cluster.beat(beat(2, 2)).announcePrimaryIp());
        assertEquals(vm(2), cluster.primary().orElseThrow().vmId());
    }

    @Test
    void aScaledInPrimaryIsReplacedAtTheNextSecondaryHeartbeat() {
        beatAt(1);
        beatAt(2);
        cluster.clock.advanceSeconds(1);
        cluster.scaleSets.remove(vm(1));
        assertEquals(Optional.of("10.0.1.2"), beatAt(2), "not announced until the next monitor run");
        assertEquals(vm(2), cluster.primary().orElseThrow().vmId());
    }

    @Test
    void aClusterNobodyHasCalledYetIsNoAlarm() {
        assertTrue(cluster.election.ensurePrimary(cluster.clock.instant(),
                cluster.settings.current(), "test").isEmpty());
        assertTrue(cluster.notifier.of(Notification.Type.PRIMARY_UNDETERMINED).isEmpty());
    }

    @Test
    void aPrimaryThatTurnsOutOfSyncIsReplacedAndToldItWasDemoted() {
        beatAt(1);
        beatAt(2);
        // the primary's heartbeats arrive late until it is out-of-sync; 2 stays punctual
        for (int i = 0; i < 3; i++) {
            cluster.clock.advanceSeconds(6.5);
            beatAt(2);
            cluster.clock.advanceSeconds(6.5);
            beatAt(2);
        }
        // 1's last heartbeat was at 0; one more at 39 s counts 3 missed: out-of-sync at loss count 3
        Optional<String> answer = beatAt(1);
        assertEquals(SyncState.OUT_OF_SYNC, cluster.record(vm(1)).orElseThrow().syncState());
        assertEquals(vm(2), cluster.primary().orElseThrow().vmId());
        assertEquals(Optional.of("10.0.1.2"), answer, "the demoted primary learns the new primary at once");
    }

    @Test
    void aHealthyPrimaryIsNotReplacedWhenAPreferredGroupDeviceAppears() {
        beatAt(4); // PAYG only: elected by the fallback
        assertEquals(vm(4), cluster.primary().orElseThrow().vmId());
        beatAt(1);
        cluster.clock.advanceSeconds(10);
        beatAt(4);
        beatAt(1);
        assertEquals(vm(4), cluster.primary().orElseThrow().vmId());
        assertEquals(1, cluster.primary().orElseThrow().term());
    }

    @Test
    void healthTransitionsAreNotified() {
        beatAt(1);
        beatAt(2);
        // the primary (1) keeps its interval throughout: 2's silence is its own, not the controller's
        cluster.clock.advanceSeconds(10);
        beatAt(1);
        cluster.clock.advanceSeconds(3);
        beatAt(2);
        assertEquals(1, cluster.notifier.of(Notification.Type.HEARTBEAT_LATE).size());
        for (int i = 0; i < 3; i++) {
            cluster.clock.advanceSeconds(10);
            beatAt(1);
        }
        beatAt(2); // missed 3 more: loss 4 >= 3
        assertEquals(1, cluster.notifier.of(Notification.Type.VM_UNHEALTHY).size());
        cluster.clock.advanceSeconds(10);
        beatAt(1);
        beatAt(2);
        assertEquals(1, cluster.notifier.of(Notification.Type.VM_RECOVERING).size());
        cluster.clock.advanceSeconds(10);
        beatAt(1);
        beatAt(2);
        assertEquals(1, cluster.notifier.of(Notification.Type.VM_RECOVERED).size());
        Notification late = cluster.notifier.of(Notification.Type.HEARTBEAT_LATE).get(0);
        assertEquals(vm(2).value(), late.subject());
        assertEquals("test", late.correlationId());
    }

    @Test
    void withTerminateUnhealthyVmAnOutOfSyncDeviceIsDeletedByTheNextMonitorRunNotByItsHeartbeat() {
        cluster.settingsStore.put("terminate-unhealthy-vm", "true");
        cluster.settings.invalidate();
        beatAt(1);
        beatAt(2);
        beatAt(3);
        for (int i = 0; i < 4; i++) {
            cluster.clock.advanceSeconds(10);
            beatAt(1);
            beatAt(3);
        }
        beatAt(2); // 40 s of silence: out-of-sync
        assertEquals(SyncState.OUT_OF_SYNC, cluster.record(vm(2)).orElseThrow().syncState());
        assertEquals(List.of(), cluster.scaleSets.terminated(), "the heartbeat path deletes nothing");
        cluster.app.healthMonitor().run("test");
        assertEquals(List.of(byol(2)), cluster.scaleSets.terminated());
        List<Notification> terminated = cluster.notifier.of(Notification.Type.VM_TERMINATED);
        assertEquals(1, terminated.size());
        assertEquals(vm(2).value(), terminated.get(0).subject());
        assertEquals(byol(2).privateIp(), terminated.get(0).details().get("privateIp"));
    }

    @Test
    void anOutdatedHeartbeatWritesNothing() {
        Instant t = cluster.clock.instant();
        cluster.beat(beat(vm(1), 10, 7, t));
        cluster.clock.advanceSeconds(10);
        cluster.stores.reset();
        HeartbeatService.Result r = cluster.beat(beat(vm(1), 10, 6, t.minusSeconds(10)));
        assertEquals(HealthRules.Disposition.OUTDATED, r.disposition());
        assertTrue(cluster.stores.ops().stream().noneMatch(op -> op.kind() == CountingStores.Kind.CONDITIONAL_REPLACE
                || op.kind() == CountingStores.Kind.CONDITIONAL_CREATE));
        assertEquals(7L, cluster.record(vm(1)).orElseThrow().sequence());
    }

    @Test
    void aRecordChangedElsewhereIsReReadAndTheHeartbeatReApplied() {
        beatAt(1);
        beatAt(2);
        // another handler (or the health monitor) changed 2's record since this process wrote it
        Versioned<HealthRecord> stored = cluster.healthRecords().read(vm(2)).orElseThrow();
        cluster.healthRecords().replace(stored.value().markedOutOfSync(5, 2), stored.version());
        cluster.clock.advanceSeconds(10);
        beatAt(2);
        HealthRecord r = cluster.record(vm(2)).orElseThrow();
        assertEquals(SyncState.OUT_OF_SYNC, r.syncState(), "the other writer's change is not lost");
        assertEquals(1, r.recoveryCountdown(), "the heartbeat was applied on top of it");
    }
}
