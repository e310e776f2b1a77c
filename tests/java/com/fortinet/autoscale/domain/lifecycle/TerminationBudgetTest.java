package com.fortinet.autoscale.domain.lifecycle;

import static com.fortinet.autoscale.support.Fixtures.beat;
import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.payg;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.support.TestCluster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 3: {@code terminate-unhealthy-vm} deletes at most the budget per monitor run, never the
 * primary before a healthy replacement is elected, never the last healthy FortiGate of a scale set, never
 * during a controller gap; every deletion carries its evidence.
 */
class TerminationBudgetTest {
    private TestCluster cluster(Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("heartbeat-loss-count", "3",
                "terminate-unhealthy-vm", "true"));
        settings.putAll(extra);
        return new TestCluster(List.of(byol(1), byol(2), byol(3), byol(4), byol(5), payg(6)), settings);
    }

    /** Everyone beats once, then only {@code live} keep a 10 s interval for {@code rounds} rounds. */
    private static void silence(TestCluster c, int rounds, int... live) {
        for (int n = 1; n <= 6; n++) {
            c.beat(beat(n, 10));
        }
        for (int i = 0; i < rounds; i++) {
            c.clock.advanceSeconds(10);
            for (int n : live) {
                c.beat(beat(n, 10));
            }
        }
    }

    @Test
    void atMostOneFortiGateIsDeletedPerRunByDefault() {
        TestCluster c = cluster(Map.of());
        silence(c, 5, 1, 2, 6); // 3, 4 and 5 fall silent
        HealthMonitor.Report first = c.app.healthMonitor().run("m1");
        assertEquals(3, first.markedUnhealthy().size());
        assertEquals(1, first.terminated().size());
        c.app.healthMonitor().run("m2");
        assertEquals(2, c.scaleSets.terminated().size());
        Notification n = c.notifier.of(Notification.Type.VM_TERMINATED).get(0);
        String reason = String.valueOf(n.details().get("reason"));
        assertTrue(reason.contains("lossCount=") && reason.contains("missed=") && reason.contains("lastArrival="),
                n.details().toString());
    }

    @Test
    void theBudgetIsASetting() {
        TestCluster c = cluster(Map.of("unhealthy-vm-termination-budget", "2"));
        silence(c, 5, 1, 2, 6);
        assertEquals(2, c.app.healthMonitor().run("m1").terminated().size());
        TestCluster none = cluster(Map.of("unhealthy-vm-termination-budget", "0"));
        silence(none, 5, 1, 2, 6);
        assertEquals(List.of(), none.app.healthMonitor().run("m1").terminated());
    }

    @Test
    void theLastHealthyFortiGateOfAScaleSetIsNeverDeletedNorThePrimaryWithoutAReplacement() {
        TestCluster c = cluster(Map.of());
        silence(c, 5, 6); // every BYOL FortiGate silent, the primary (1) included; only the PAYG one beats
        for (int i = 0; i < 3; i++) {
            c.app.healthMonitor().run("m" + i);
        }
        assertTrue(c.scaleSets.terminated().stream().noneMatch(m -> m.vmId().equals(vm(1))),
                "the out-of-sync primary was deleted before a replacement: " + c.scaleSets.terminated());
        // the new primary is the PAYG one; no BYOL FortiGate is healthy, so none of them is deleted
        assertEquals(vm(6), c.primary().orElseThrow().vmId());
        assertEquals(List.of(), c.scaleSets.terminated());
    }

    @Test
    void aScaleSetWhoseOnlyHealthyFortiGateIsTheVictimKeepsIt() {
        TestCluster c = new TestCluster(List.of(byol(1), byol(2), payg(6)),
                Map.of("heartbeat-loss-count", "3", "terminate-unhealthy-vm", "true"));
        for (int n : new int[] {1, 2, 6}) {
            c.beat(beat(n, 10));
        }
        for (int i = 0; i < 5; i++) {
            c.clock.advanceSeconds(10);
            c.beat(beat(1, 10));
            c.beat(beat(2, 10));
        }
        // 6, the only PAYG FortiGate, is out-of-sync: deleting it would leave its set with none healthy
        c.app.healthMonitor().run("m");
        assertEquals(List.of(), c.scaleSets.terminated());
    }

    @Test
    void anOutOfSyncPrimaryIsNotDeletedWhileNobodyCanReplaceIt() {
        // 2 is healthy but cannot be primary: ARM reports no private IP for it yet
        TestCluster c = new TestCluster(List.of(byol(1), new Member(vm(2), "byol", Member.Licensing.BYOL, "2", null)),
                Map.of("heartbeat-loss-count", "3", "terminate-unhealthy-vm", "true"));
        c.beat(beat(1, 10));
        c.beat(beat(2, 10));
        for (int i = 0; i < 5; i++) { // the primary (1) falls silent
            c.clock.advanceSeconds(10);
            c.beat(beat(2, 10));
        }
        HealthMonitor.Report report = c.app.healthMonitor().run("m");

        assertEquals(List.of(vm(1)), report.markedUnhealthy());
        assertEquals(vm(1), c.primary().orElseThrow().vmId(), "nobody eligible: the record still names 1");
        assertEquals(List.of(), report.terminated());
        assertEquals(List.of(), c.scaleSets.terminated());
    }

    @Test
    void nothingIsDeletedInARunThatFindsAControllerGap() {
        TestCluster c = cluster(Map.of());
        silence(c, 5, 1, 2, 6); // 3, 4 and 5 fall silent
        assertEquals(1, c.app.healthMonitor().run("m1").terminated().size());
        c.clock.advanceSeconds(300); // then the controller is away: nothing recorded for five minutes

        HealthMonitor.Report afterGap = c.app.healthMonitor().run("m2");

        assertEquals(List.of(), afterGap.terminated(), afterGap.line());
        assertEquals(1, c.scaleSets.terminated().size());
        assertEquals(1, c.notifier.of(Notification.Type.CONTROLLER_GAP).size());
    }
}
