package com.fortinet.autoscale.domain.lifecycle;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.ScaleSetEvent;
import com.fortinet.autoscale.domain.licensing.LicenseAssignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Scaling events: clean-up at once, idempotent under repeats and reordering, election when the primary went. */
class ScalingEventServiceTest {
    private static ScaleSetEvent deleted(String instanceId) {
        return new ScaleSetEvent(ScaleSetEvent.Kind.DELETED, "fgt-rg", "byol", instanceId, "event-" + instanceId);
    }

    @Test
    void aDeleteEventCleansUpTheVmsRecordAndLicenseAtOnce() {
        // Setup
        PlatformCluster c = new PlatformCluster();
        Member a = c.byol(0);
        Member b = c.byol(1);
        c.beat(a);
        c.beat(b);
        LicenseAssignment license = c.license(b, 7, c.t0);
        c.scaleSets.remove(b.vmId());

        // Invoke: no time passes, B's heartbeat was a moment ago
        ScalingEventService.Outcome outcome = c.events.handle(deleted("1"), "cid");

        // Verify
        assertEquals(ScalingEventService.Status.CLEANED, outcome.status());
        assertEquals(List.of(b.vmId()), outcome.removed());
        assertEquals(1, outcome.licensesReleased());
        assertNull(c.record(b));
        assertTrue(c.licenses.read(license.licenseSha256()).isEmpty());
        assertNotNull(c.record(a));
        assertFalse(outcome.electionRan(), "B was not the primary");
    }

    @Test
    void aRepeatedEventIsANoOp() {
        // Setup
        PlatformCluster c = new PlatformCluster();
        Member a = c.byol(0);
        Member b = c.byol(1);
        c.beat(a);
        c.beat(b);
        c.scaleSets.remove(b.vmId());
        c.events.handle(deleted("1"), "first");
        String versionA = c.records.read(a.vmId()).orElseThrow().version();
        int notified = c.notifications.size();

        // Invoke
        ScalingEventService.Outcome again = c.events.handle(deleted("1"), "repeat");

        // Verify
        assertEquals(ScalingEventService.Status.NO_RECORDS, again.status());
        assertTrue(again.removed().isEmpty());
        assertEquals(versionA, c.records.read(a.vmId()).orElseThrow().version());
        assertEquals(notified, c.notifications.size());
    }

    @Test
    void anEventForAVmThatIsStillListedRemovesNothing() {
        // Setup: a write event, or a delete delivered before the platform's list caught up
        PlatformCluster c = new PlatformCluster();
        Member b = c.byol(1);
        c.beat(b);

        // Invoke
        ScalingEventService.Outcome outcome = c.events.handle(deleted("1"), "cid");

        // Verify
        assertEquals(ScalingEventService.Status.STILL_MEMBERS, outcome.status());
        assertNotNull(c.record(b));
    }

    @Test
    void deletingThePrimaryElectsANewOneAtOnce() {
        // Setup
        PlatformCluster c = new PlatformCluster();
        Member a = c.byol(0);
        Member b = c.byol(1);
        c.beat(a);
        c.beat(b);
        assertEquals(a.vmId(), c.primary().vmId());
        c.scaleSets.remove(a.vmId());

        // Invoke: a planned scale-in, no heartbeat missed yet
        ScalingEventService.Outcome outcome = c.events.handle(deleted("0"), "cid");

        // Verify
        assertTrue(outcome.electionRan());
        assertEquals(b.vmId(), c.primary().vmId());
        assertEquals(2, c.primary().term());
        assertEquals(b.vmId(), outcome.primary().orElseThrow().vmId());
    }

    @Test
    void aRepeatAfterAnInterruptedHandlingStillElects() {
        // Setup: the primary's record was removed, but the election never ran
        PlatformCluster c = new PlatformCluster();
        Member a = c.byol(0);
        Member b = c.byol(1);
        c.beat(a);
        c.beat(b);
        c.scaleSets.remove(a.vmId());
        c.cleanup.remove(List.of(a.vmId()), "interrupted");
        assertEquals(a.vmId(), c.primary().vmId());

        // Invoke
        ScalingEventService.Outcome outcome = c.events.handle(deleted("0"), "repeat");

        // Verify
        assertEquals(ScalingEventService.Status.NO_RECORDS, outcome.status());
        assertTrue(outcome.electionRan());
        assertEquals(b.vmId(), c.primary().vmId());
    }

    @Test
    void aWriteEventOnTheScaleSetItselfSweepsItsDepartedMembers() {
        // Setup: a capacity change removed instances 1 and 2
        PlatformCluster c = new PlatformCluster();
        Member a = c.byol(0);
        Member b = c.byol(1);
        Member d = c.byol(2);
        c.beat(a);
        c.beat(b);
        c.beat(d);
        c.scaleSets.remove(b.vmId());
        c.scaleSets.remove(d.vmId());

        // Invoke
        ScalingEventService.Outcome outcome = c.events.handle(
                new ScaleSetEvent(ScaleSetEvent.Kind.WRITTEN, "FGT-RG", "BYOL", null, "capacity"), "cid");

        // Verify: names compare case-insensitively, as in Azure
        assertEquals(ScalingEventService.Status.CLEANED, outcome.status());
        assertEquals(2, outcome.removed().size());
        assertNotNull(c.record(a));
    }

    @Test
    void eventsForForeignScaleSetsOrResourceGroupsAreIgnored() {
        // Setup
        PlatformCluster c = new PlatformCluster();
        Member b = c.byol(1);
        c.beat(b);
        c.scaleSets.remove(b.vmId());

        // Invoke
        ScalingEventService.Outcome otherSet = c.events.handle(
                new ScaleSetEvent(ScaleSetEvent.Kind.DELETED, "fgt-rg", "web-tier", "1", "e1"), "cid");
        ScalingEventService.Outcome otherGroup = c.events.handle(
                new ScaleSetEvent(ScaleSetEvent.Kind.DELETED, "other-rg", "byol", "1", "e2"), "cid");

        // Verify
        assertEquals(ScalingEventService.Status.IGNORED, otherSet.status());
        assertEquals(ScalingEventService.Status.IGNORED, otherGroup.status());
        assertNotNull(c.record(b));
    }
}
