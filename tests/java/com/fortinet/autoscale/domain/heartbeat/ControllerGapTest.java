package com.fortinet.autoscale.domain.heartbeat;

import static com.fortinet.autoscale.support.Fixtures.beat;
import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.SyncState;
import com.fortinet.autoscale.domain.lifecycle.HealthMonitor;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.support.CountingStores;
import com.fortinet.autoscale.support.HookedHealthRecords;
import com.fortinet.autoscale.support.TestCluster;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 2: when heartbeats could not be recorded (store unavailable, app down, restarting or paused),
 * the intervals of that gap count against no FortiGate, and no election follows from it.
 */
class ControllerGapTest {
    // interval 10 s, allowance 2 s, loss count 3: 5 minutes away would make everyone out-of-sync
    private final TestCluster cluster = new TestCluster(List.of(byol(1), byol(2), byol(3), byol(4)),
            Map.of("heartbeat-loss-count", "3", "sync-recovery-count", "2"));

    private void round(int... devices) {
        for (int n : devices) {
            cluster.beat(beat(n, 10));
        }
    }

    private void steady(int rounds, int... devices) {
        for (int i = 0; i < rounds; i++) {
            round(devices);
            cluster.clock.advanceSeconds(10);
        }
    }

    private void assertNobodyCounted(int... devices) {
        for (int n : devices) {
            HealthRecord r = cluster.record(vm(n)).orElseThrow();
            assertEquals(SyncState.IN_SYNC, r.syncState(), "device " + n);
            assertEquals(0, r.lossCount(), "device " + n);
        }
        for (Notification.Type type : List.of(Notification.Type.HEARTBEAT_LATE, Notification.Type.VM_UNHEALTHY)) {
            assertTrue(cluster.notifier.of(type).stream().noneMatch(n -> Arrays.stream(devices)
                    .anyMatch(d -> vm(d).value().equals(n.subject()))), cluster.notifier.all().toString());
        }
    }

    @Test
    void heartbeatsAfterTheControllerWasAwayCountNothingAndElectNobody() {
        steady(3, 1, 2, 3, 4);
        cluster.clock.advanceSeconds(300); // the app was down: nothing recorded for five minutes

        round(2, 3, 1, 4); // a secondary happens to come first
        cluster.clock.advanceSeconds(10);
        round(1, 2, 3, 4);
        cluster.app.healthMonitor().run("monitor");

        assertNobodyCounted(1, 2, 3, 4);
        Primary p = cluster.primary().orElseThrow();
        assertEquals(vm(1), p.vmId(), "no election followed from the gap");
        assertEquals(1, p.term());
        assertNotNull(p.lastGap());
        assertTrue(p.lastGap().length().getSeconds() >= 300, p.lastGap().toString());
        assertEquals(1, cluster.notifier.of(Notification.Type.CONTROLLER_GAP).size(), "notified once");
    }

    @Test
    void theHealthMonitorFirstAfterTheGapMarksNobodyAndTerminatesNobody() {
        cluster.settingsStore.put("terminate-unhealthy-vm", "true");
        cluster.settings.invalidate();
        steady(3, 1, 2, 3, 4);
        cluster.clock.advanceSeconds(300);

        HealthMonitor.Report report = cluster.app.healthMonitor().run("monitor");
        assertEquals(List.of(), report.markedUnhealthy());
        assertEquals(List.of(), report.terminated());
        assertEquals(List.of(), cluster.scaleSets.terminated());

        round(1, 2, 3, 4);
        cluster.clock.advanceSeconds(10);
        round(1, 2, 3, 4);
        cluster.app.healthMonitor().run("monitor");
        assertNobodyCounted(1, 2, 3, 4);
        assertEquals(1, cluster.primary().orElseThrow().term());
        assertEquals(1, cluster.notifier.of(Notification.Type.CONTROLLER_GAP).size());
    }

    @Test
    void aDeviceSilentBeforeTheGapIsStillCountedAndDevicesSilentAfterItToo() {
        steady(2, 1, 2, 3, 4);
        steady(4, 1, 2, 3); // 4 falls silent on its own, 40 s before the controller goes away
        cluster.clock.advanceSeconds(300);
        round(1, 2, 3);
        cluster.clock.advanceSeconds(10);
        round(1, 2, 3);
        cluster.app.healthMonitor().run("monitor");

        assertNobodyCounted(1, 2, 3);
        assertEquals(SyncState.OUT_OF_SYNC, cluster.record(vm(4)).orElseThrow().syncState(),
                "4's silence was its own");
        // after the gap, silence counts again: 3 stops now and is out-of-sync three intervals later
        steady(5, 1, 2);
        cluster.app.healthMonitor().run("monitor");
        assertEquals(SyncState.OUT_OF_SYNC, cluster.record(vm(3)).orElseThrow().syncState());
    }

    @Test
    void aPrimaryThatReallyDiesIsStillReplacedOnTime() {
        steady(3, 1, 2, 3, 4);
        steady(3, 2, 3, 4); // the primary stops; the others keep their interval
        round(2, 3, 4);
        assertEquals(vm(2), cluster.primary().orElseThrow().vmId());
        assertTrue(cluster.notifier.of(Notification.Type.CONTROLLER_GAP).isEmpty());
    }

    @Test
    void theWatermarkCostsNoStoreOperationOnASteadyHeartbeat() {
        steady(3, 1, 2, 3, 4);
        cluster.stores.reset();
        steady(10, 1, 2, 3, 4);
        List<CountingStores.Op> ops = cluster.stores.ops();
        assertTrue(ops.stream().allMatch(op -> op.kind().isPointOperation()), ops.toString());
        double perHeartbeat = ops.size() / 40.0;
        assertTrue(perHeartbeat <= 2.2, "about 2 per heartbeat: " + perHeartbeat);
    }

    @Test
    void aHealthMonitorRunHeldUpByTheStoreIsNoEvidenceThatTheControllerWasRecording() {
        HookedHealthRecords health = new HookedHealthRecords();
        TestCluster held = new TestCluster(List.of(byol(1), byol(2), byol(3), byol(4)),
                Map.of("heartbeat-loss-count", "3", "sync-recovery-count", "2"), health,
                new com.fortinet.autoscale.adapter.memory.InMemoryElectionRecords());
        for (int i = 0; i < 3; i++) {
            for (int n = 1; n <= 4; n++) {
                held.beat(beat(n, 10));
            }
            held.clock.advanceSeconds(10);
        }
        // The store answers late from here: the heartbeats due now are lost, and a monitor run that starts a
        // second later gets its records 15 s after it asked.
        held.clock.advanceSeconds(1);
        health.beforeReadAll(() -> {
            health.beforeReadAll(() -> { });
            held.clock.advanceSeconds(15);
        });
        held.app.healthMonitor().run("monitor");
        for (int n : new int[] {2, 1, 3, 4}) {
            held.beat(beat(n, 10)); // the first heartbeats since the store answers again; the primary's is not first
        }

        Primary p = held.primary().orElseThrow();
        assertEquals(vm(1), p.vmId(), "the primary's silence was the controller's: no election");
        assertEquals(1, p.term());
        assertNotNull(p.lastGap(), "the gap is recorded");
        for (int n = 1; n <= 4; n++) {
            HealthRecord r = held.record(vm(n)).orElseThrow();
            assertEquals(SyncState.IN_SYNC, r.syncState(), "device " + n);
            assertEquals(0, r.lossCount(), "device " + n);
        }
    }

    @Test
    void aShortGapCountsNothingEvenWhenThePrimaryComesFirstAndNoElectionAsks() {
        steady(3, 1, 2, 3, 4);
        cluster.clock.advanceSeconds(20); // nothing recorded for 30 s: everyone two heartbeats late, nobody lost
        round(1, 2, 3, 4); // the primary first: its own heartbeat renews its lease, so no election looks for a gap

        assertNobodyCounted(1, 2, 3, 4);
        assertEquals(1, cluster.primary().orElseThrow().term());
        assertEquals(1, cluster.notifier.of(Notification.Type.CONTROLLER_GAP).size(), "notified once");
    }

    @Test
    void aFortiGateWhoseFirstHeartbeatFollowsTheGapIsNotElectedForIt() {
        steady(3, 1, 2, 3, 4);
        cluster.clock.advanceSeconds(300);
        cluster.scaleSets.add(byol(5)); // scaled out while the controller was away; it speaks first

        cluster.beat(beat(5, 10));

        Primary p = cluster.primary().orElseThrow();
        assertEquals(vm(1), p.vmId(), "no election followed from the gap");
        assertEquals(1, p.term());
        assertNotNull(p.lastGap());
        assertEquals(1, cluster.notifier.of(Notification.Type.CONTROLLER_GAP).size(), "notified once");
        round(1, 2, 3, 4);
        assertNobodyCounted(1, 2, 3, 4);
    }
}
