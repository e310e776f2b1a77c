package com.fortinet.autoscale.domain.lifecycle;
import com.fortinet.autoscale.domain.StoreUnavailableException;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.licensing.LicenseAssignment;
import com.fortinet.autoscale.domain.notification.Notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.cluster.ScaleSets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The health monitor on in-memory adapters and an injected clock (interval 30 s, allowance 2 s, loss count 3). */
class HealthMonitorTest {

    @Test
    void aSilentSecondaryBecomesOutOfSyncOnlyOnceTheLossCountIsReached() {
        // Setup: A (primary) keeps calling, B falls silent after its first heartbeat
        PlatformCluster c = new PlatformCluster();
        Member a = c.byol(0);
        Member b = c.byol(1);
        c.beat(a);
        c.beat(b);

        // Invoke: at +91 s B has missed 2 heartbeats (1 + floor((91 - 32) / 30))
        c.advanceSeconds(30);
        c.beat(a);
        c.advanceSeconds(30);
        c.beat(a);
        c.advanceSeconds(31);
        HealthMonitor.Report early = c.monitor.run("run-1");

        // Verify
        assertTrue(early.markedUnhealthy().isEmpty());
        assertTrue(c.record(b).inSync());

        // Invoke: at +93 s it has missed 3
        c.advanceSeconds(2);
        HealthMonitor.Report late = c.monitor.run("run-2");

        // Verify
        assertEquals(List.of(b.vmId()), late.markedUnhealthy());
        HealthRecord r = c.record(b);
        assertFalse(r.inSync());
        assertEquals(3, r.recoveryCountdown());
        assertEquals(0, r.lossCount(), "the silence is counted once, when the device speaks again");
        assertTrue(c.record(a).inSync());
        assertEquals(1, c.count(Notification.Type.VM_UNHEALTHY, b));
        assertEquals(a.vmId(), late.primary().orElseThrow().vmId());
        assertTrue(late.line().startsWith("health-monitor records=2 members=2 unhealthy=[" + b.vmId() + "]"),
                late.line());
    }

    @Test
    void aSecondRunChangesNothing() {
        // Setup
        PlatformCluster c = new PlatformCluster();
        Member a = c.byol(0);
        Member b = c.byol(1);
        c.beat(a);
        c.beat(b);
        c.intervals(7, a);
        c.monitor.run("run-1");
        assertFalse(c.record(b).inSync());
        String versionB = c.records.read(b.vmId()).orElseThrow().version();
        int notified = c.notifications.size();

        // Invoke
        HealthMonitor.Report again = c.monitor.run("run-2");

        // Verify
        assertTrue(again.markedUnhealthy().isEmpty());
        assertTrue(again.removed().isEmpty());
        assertEquals(versionB, c.records.read(b.vmId()).orElseThrow().version());
        assertEquals(notified, c.notifications.size());
    }

    @Test
    void aSilentPrimaryIsReplacedByTheMonitor() {
        // Setup: A is elected first; B keeps calling until +60 s, A stops after its first heartbeat
        PlatformCluster c = new PlatformCluster();
        Member a = c.byol(0);
        Member b = c.byol(1);
        c.beat(a);
        c.beat(b);
        assertEquals(a.vmId(), c.primary().vmId());
        c.advanceSeconds(30);
        c.beat(b);
        c.advanceSeconds(30);
        c.beat(b);

        // Invoke: at +80 s A has missed 2 heartbeats (lost); B has missed none (eligible)
        c.advanceSeconds(20);
        HealthMonitor.Report report = c.monitor.run("run");

        // Verify
        Primary p = c.primary();
        assertEquals(b.vmId(), p.vmId());
        assertEquals(2, p.term());
        assertEquals(Optional.of(p), report.primary());
        assertEquals(1, c.count(Notification.Type.PRIMARY_ELECTED, b));
    }

    @Test
    void aScaledInInstancesRecordAndLicenseAreReleasedOnceItIsSilent() {
        // Setup
        PlatformCluster c = new PlatformCluster();
        Member a = c.byol(0);
        Member b = c.byol(1);
        c.beat(a);
        c.beat(b);
        LicenseAssignment kept = c.license(a, 1, c.t0);
        LicenseAssignment freed = c.license(b, 2, c.t0);
        c.scaleSets.remove(b.vmId());

        // Invoke: B is no member, but it called a moment ago
        c.advanceSeconds(10);
        HealthMonitor.Report tooSoon = c.monitor.run("run-1");

        // Verify: the record waits for silence; the license of a vmId in no scale set goes at once (SPEC §6)
        assertTrue(tooSoon.removed().isEmpty());
        assertNotNull(c.record(b));
        assertEquals(1, tooSoon.licensesReleased());

        // Invoke: B has missed a heartbeat
        c.advanceSeconds(25);
        c.beat(a);
        HealthMonitor.Report report = c.monitor.run("run-2");

        // Verify
        assertEquals(List.of(b.vmId()), report.removed());
        assertEquals(0, report.licensesReleased());
        assertNull(c.record(b));
        assertTrue(c.licenses.read(freed.licenseSha256()).isEmpty());
        assertTrue(c.licenses.read(kept.licenseSha256()).isPresent());
        assertNotNull(c.record(a));
        assertEquals(0, c.count(Notification.Type.VM_UNHEALTHY, b), "a scaled-in FortiGate is not unhealthy");
    }

    @Test
    void aLicenseHeldByAVmIdThatNeverReportedIsReleasedToo() {
        // Setup: C claimed a license at boot and was scaled in before any heartbeat; D holds one and is a member
        PlatformCluster c = new PlatformCluster();
        Member a = c.byol(0);
        Member gone = c.byol(2);
        Member member = c.byol(3);
        c.beat(a);
        LicenseAssignment orphan = c.license(gone, 3, c.t0);
        LicenseAssignment held = c.license(member, 4, c.t0);
        c.scaleSets.remove(gone.vmId());

        // Invoke
        HealthMonitor.Report report = c.monitor.run("run");

        // Verify
        assertEquals(1, report.licensesReleased());
        assertTrue(c.licenses.read(orphan.licenseSha256()).isEmpty());
        assertTrue(c.licenses.read(held.licenseSha256()).isPresent());
    }

    @Test
    void withTerminateUnhealthyVmASilentDeviceIsDeletedFromItsScaleSet() {
        // Setup
        PlatformCluster c = new PlatformCluster(Map.of("terminate-unhealthy-vm", "true"));
        Member a = c.byol(0);
        Member b = c.byol(1);
        c.beat(a);
        c.beat(b);
        c.intervals(3, a);
        c.advanceSeconds(3);

        // Invoke
        HealthMonitor.Report report = c.monitor.run("run");

        // Verify
        assertEquals(List.of(b.vmId()), report.terminated());
        assertEquals(List.of(b), c.scaleSets.terminated());
        assertEquals(1, c.count(Notification.Type.VM_TERMINATED, b));
        assertEquals(0, c.count(Notification.Type.VM_TERMINATED, a));
    }

    @Test
    void whenTheScaleSetsCannotBeReadNothingIsRemovedButSilenceIsStillMarked() {
        // Setup
        PlatformCluster c = new PlatformCluster();
        Member a = c.byol(0);
        Member b = c.byol(1);
        Member live1 = c.byol(2);
        Member live2 = c.byol(3);
        c.beat(a);
        c.beat(b);
        c.beat(live1);
        c.beat(live2);
        c.intervals(7, live1, live2); // a and b silent for 210 s; the rest of the cluster is not
        ScaleSets unreadable = new ScaleSets() {
            @Override
            public Optional<Member> find(VmId vmId) {
                return c.scaleSets.find(vmId);
            }

            @Override
            public List<Member> members() {
                throw new StoreUnavailableException("ARM unavailable", null, null);
            }

            @Override
            public void terminate(Member member) {
                throw new AssertionError("nothing may be terminated");
            }
        };
        HealthMonitor monitor = new HealthMonitor(c.records, c.elections, unreadable, c.election, c.cleanup, c.settings, c.clock,
                c.notifier);

        // Invoke
        HealthMonitor.Report report = monitor.run("run");

        // Verify
        assertEquals(-1, report.members());
        assertTrue(report.removed().isEmpty());
        assertEquals(2, report.markedUnhealthy().size());
        assertTrue(report.line().contains("members=unavailable"), report.line());
    }

    @Test
    void aRunConcurrentWithHeartbeatsLosesNothing() throws Exception {
        // Setup: 6 devices call every 30 s up to +180 s; S called only at 0 and is silent (6 missed) at +195 s
        PlatformCluster c = new PlatformCluster();
        List<Member> live = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            live.add(c.byol(i));
        }
        Member s = c.byol(9);
        for (Member m : live) {
            c.beat(m);
        }
        c.beat(s);
        c.intervals(6, live.toArray(new Member[0]));
        c.advanceSeconds(15);
        long first = c.record(live.get(0)).sequence() + 1;
        assertEquals(7, first);
        int rounds = 60;

        // Invoke: every device (S too) sends `rounds` more heartbeats on its own thread while the monitor runs
        // over and over
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        List<Future<?>> senders = new ArrayList<>();
        List<Member> all = new ArrayList<>(live);
        all.add(s);
        try {
            for (Member m : all) {
                senders.add(pool.submit(() -> {
                    go.await();
                    for (long seq = first; seq < first + rounds; seq++) {
                        c.beat(m, seq);
                    }
                    return null;
                }));
            }
            Future<Integer> monitorRuns = pool.submit(() -> {
                go.await();
                int runs = 0;
                while (!done.get() || runs < 3) {
                    c.monitor.run("run-" + runs++);
                }
                return runs;
            });
            go.countDown();
            for (Future<?> f : senders) {
                f.get(60, TimeUnit.SECONDS);
            }
            done.set(true);
            assertTrue(monitorRuns.get(60, TimeUnit.SECONDS) >= 3);
        } finally {
            pool.shutdownNow();
        }

        // Verify: every heartbeat's update is in its record; S went out-of-sync exactly once and recovered
        for (Member m : all) {
            HealthRecord r = c.record(m);
            assertEquals(first + rounds - 1, r.sequence(), "last heartbeat of " + m.vmId());
            assertTrue(r.inSync(), m.vmId() + " is in-sync");
            assertEquals(c.clock.instant(), r.lastArrival());
        }
        assertEquals(1, c.count(Notification.Type.VM_UNHEALTHY, s));
        assertEquals(1, c.count(Notification.Type.VM_RECOVERED, s));
        for (Member m : live) {
            assertEquals(0, c.count(Notification.Type.VM_UNHEALTHY, m));
        }
    }
}
