package com.fortinet.autoscale.domain.lifecycle;

import static com.fortinet.autoscale.support.Fixtures.beat;
import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.payg;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.licensing.LicenseAssignment;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.support.LogCapture;
import com.fortinet.autoscale.support.TestCluster;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 4, the domain side: a membership read in which a configured scale set is suddenly empty while
 * its FortiGates have records is an anomaly, not a scale-in; a set that really scaled to zero is believed when
 * reads {@code empty-scale-set-confirmation} apart agree; a single FortiGate missing from a set read fine is
 * cleaned up as before. Licenses count as records do: a BYOL FortiGate claims its license at first boot, before
 * its first heartbeat, so a set whose FortiGates hold licenses but have no records yet is not empty either.
 */
class MembershipAnomalyTest {
    private final TestCluster cluster = new TestCluster(List.of(byol(1), byol(2), payg(3), payg(4)),
            Map.of("heartbeat-loss-count", "3", "empty-scale-set-confirmation", "300"));

    private void everyoneBeatsThenOnly(int... live) {
        for (int n = 1; n <= 4; n++) {
            cluster.beat(beat(n, 10));
        }
        for (int i = 0; i < 3; i++) {
            cluster.clock.advanceSeconds(10);
            for (int n : live) {
                cluster.beat(beat(n, 10));
            }
        }
    }

    private void license(int n) {
        cluster.licenseUsage.create(new LicenseAssignment(String.format("%064x", n), "l" + n + ".lic", vm(n),
                "byol", cluster.clock.instant()));
    }

    @Test
    void aScaleSetThatSuddenlyReadsEmptyRemovesNothingAndReleasesNothing() {
        license(1);
        license(2);
        everyoneBeatsThenOnly(3, 4); // the BYOL FortiGates are silent too (as when the set is really gone)
        cluster.scaleSets.replaceAll(List.of(payg(3), payg(4))); // the read lost the whole BYOL set

        HealthMonitor.Report first = cluster.app.healthMonitor().run("m1");
        cluster.clock.advanceSeconds(60);
        HealthMonitor.Report second = cluster.app.healthMonitor().run("m2");

        assertEquals(List.of(), first.removed());
        assertEquals(List.of(), second.removed());
        assertEquals(0, first.licensesReleased() + second.licensesReleased());
        assertTrue(cluster.record(vm(1)).isPresent() && cluster.record(vm(2)).isPresent());
        assertEquals(2, cluster.licenseUsage.readAll().size());
        assertEquals(1, cluster.notifier.of(Notification.Type.MEMBERSHIP_ANOMALY).size(), "notified once");
    }

    @Test
    void aScaleSetReadEmptyForTheConfirmationTimeHasReallyScaledToZero() {
        license(1);
        everyoneBeatsThenOnly(3, 4);
        cluster.scaleSets.replaceAll(List.of(payg(3), payg(4)));
        cluster.app.healthMonitor().run("m1");
        cluster.clock.advanceSeconds(301);
        for (int n : new int[] {3, 4}) {
            cluster.beat(beat(n, 10));
        }
        HealthMonitor.Report confirmed = cluster.app.healthMonitor().run("m2");

        assertEquals(2, confirmed.removed().size(), confirmed.line());
        assertEquals(1, confirmed.licensesReleased());
    }

    @Test
    void aFortiGateMissingFromASetReadFineIsCleanedUpAtOnce() {
        license(2);
        everyoneBeatsThenOnly(1, 3, 4);
        cluster.scaleSets.remove(vm(2));

        HealthMonitor.Report report = cluster.app.healthMonitor().run("m1");

        assertEquals(List.of(vm(2)), report.removed());
        assertEquals(1, report.licensesReleased());
        assertTrue(cluster.notifier.of(Notification.Type.MEMBERSHIP_ANOMALY).isEmpty());
    }

    /** Only the PAYG FortiGates send heartbeats: the BYOL ones hold licenses but have no records. */
    private void onlyPaygBeats() {
        for (int i = 0; i < 4; i++) {
            cluster.beat(beat(3, 10));
            cluster.beat(beat(4, 10));
            cluster.clock.advanceSeconds(10);
        }
    }

    @Test
    void aScaleSetWhoseFortiGatesHoldLicensesButHaveNoRecordsReadingEmptyReleasesNothing() {
        license(1);
        license(2);
        onlyPaygBeats();
        assertTrue(cluster.record(vm(1)).isEmpty() && cluster.record(vm(2)).isEmpty(), "no records yet");
        cluster.scaleSets.replaceAll(List.of(payg(3), payg(4))); // the BYOL set reads empty (an ARM 404)

        HealthMonitor.Report first;
        List<java.util.logging.LogRecord> logged;
        try (LogCapture logs = LogCapture.start()) {
            first = cluster.app.healthMonitor().run("m1");
            logged = logs.records();
        }
        cluster.clock.advanceSeconds(60);
        onlyPaygBeats();
        HealthMonitor.Report second = cluster.app.healthMonitor().run("m2");

        assertEquals(0, first.licensesReleased() + second.licensesReleased(), first.line() + " / " + second.line());
        assertEquals(2, cluster.licenseUsage.readAll().size(), "both licenses still held");
        assertEquals(-1, first.members(), "the read is no new information");
        assertEquals(1, logged.stream().filter(r -> r.getLevel() == Level.SEVERE
                && r.getMessage().contains("membership-anomaly")).count(), "one SEVERE line in the run");
        List<Notification> notified = cluster.notifier.of(Notification.Type.MEMBERSHIP_ANOMALY);
        assertEquals(1, notified.size(), "notified once");
        assertEquals("byol", notified.get(0).subject());
        assertTrue(cluster.notifier.of(Notification.Type.LICENSE_RELEASED).isEmpty());

        // Still empty a confirmation time after the first empty read: a real scale-in to zero.
        cluster.clock.advanceSeconds(250);
        onlyPaygBeats();
        HealthMonitor.Report confirmed = cluster.app.healthMonitor().run("m3");

        assertEquals(2, confirmed.licensesReleased(), confirmed.line());
        assertEquals(List.of(), cluster.licenseUsage.readAll());
        assertEquals(1, cluster.notifier.of(Notification.Type.MEMBERSHIP_ANOMALY).size(), "still notified once");
    }

    @Test
    void aLicenseHolderWithoutARecordMissingFromASetReadFineIsReleasedAtOnce() {
        license(1);
        license(2);
        onlyPaygBeats();
        cluster.scaleSets.remove(vm(2)); // the BYOL set still lists vm 1

        HealthMonitor.Report report = cluster.app.healthMonitor().run("m1");

        assertEquals(1, report.licensesReleased(), report.line());
        assertEquals(List.of(vm(1)), cluster.licenseUsage.readAll().stream().map(v -> v.value().vmId()).toList());
        assertTrue(cluster.notifier.of(Notification.Type.MEMBERSHIP_ANOMALY).isEmpty());
    }
}
