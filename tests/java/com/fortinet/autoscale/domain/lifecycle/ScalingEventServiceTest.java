package com.fortinet.autoscale.domain.lifecycle;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.ScaleSetEvent;
import com.fortinet.autoscale.domain.licensing.LicenseAssignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.support.CountingScaleSets;
import com.fortinet.autoscale.support.CountingStores;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
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

    /** The cluster's scaling-event service, reading the records and the members through counters. */
    private record Counted(ScalingEventService events, CountingStores stores, CountingScaleSets scaleSets) {
        static Counted on(PlatformCluster c) {
            CountingStores stores = new CountingStores(c.records, c.elections);
            CountingScaleSets scaleSets = new CountingScaleSets(c.scaleSets);
            return new Counted(new ScalingEventService(stores.health(), stores.election(), scaleSets, c.election,
                    c.cleanup, c.settings, c.clock, "fgt-rg"), stores, scaleSets);
        }

        long readAlls() {
            return stores.ops().stream().filter(o -> o.kind() == CountingStores.Kind.READ_ALL).count();
        }
    }

    @Test
    void aDeliveryNamingTenVmsReadsTheMembersOnceAndTheRecordsOnce() {
        // Setup: twelve FortiGates with a license each; a scale-in deletes ten, the primary among them
        PlatformCluster c = new PlatformCluster();
        List<Member> all = IntStream.range(0, 12).mapToObj(c::byol).toList();
        all.forEach(c::beat);
        all.forEach(m -> c.license(m, Integer.parseInt(m.instanceId()) + 1, c.t0));
        assertEquals(all.get(0).vmId(), c.primary().vmId());
        List<ScaleSetEvent> delivery = new ArrayList<>();
        for (Member m : all.subList(0, 10)) {
            c.scaleSets.remove(m.vmId());
            delivery.add(deleted(m.instanceId()));
        }
        Counted counted = Counted.on(c);

        // Invoke
        ScalingEventService.Delivery d = counted.events().handleAll(delivery, "cid");

        // Verify: one membership read, one read of the records, one election, for ten events
        assertEquals(1, counted.scaleSets().membersReads());
        assertEquals(1, counted.readAlls());
        assertEquals(10, d.removed().size());
        assertEquals(10, d.licensesReleased());
        assertTrue(d.electionRan());
        assertEquals(2, c.primary().term(), "one election");
        assertTrue(List.of(all.get(10).vmId(), all.get(11).vmId()).contains(c.primary().vmId()));
        assertEquals(10, d.managed());
        for (int i = 0; i < 10; i++) {
            ScalingEventService.Outcome o = d.events().get(i);
            assertEquals(ScalingEventService.Status.CLEANED, o.status());
            assertEquals(List.of(all.get(i).vmId()), o.removed());
            assertEquals(1, o.licensesReleased());
        }
        assertNotNull(c.record(all.get(10)));
        assertNotNull(c.record(all.get(11)));
        assertEquals(2, c.licenses.readAll().size());

        // Invoke: Event Grid delivers it again
        ScalingEventService.Delivery again = counted.events().handleAll(delivery, "repeat");

        // Verify: nothing named is left, so no membership read and no election
        assertTrue(again.events().stream().allMatch(o -> o.status() == ScalingEventService.Status.NO_RECORDS));
        assertTrue(again.removed().isEmpty());
        assertFalse(again.electionRan());
        assertEquals(1, counted.scaleSets().membersReads());
        assertEquals(2, c.primary().term());
    }

    @Test
    void eachEventOfAMixedDeliveryIsTakenAsItWouldBeAlone() {
        // Setup: 1 and 3 left; 2 is still listed
        PlatformCluster c = new PlatformCluster();
        Member a = c.byol(0);
        Member b = c.byol(1);
        Member d = c.byol(2);
        Member e = c.byol(3);
        List.of(a, b, d, e).forEach(c::beat);
        c.scaleSets.remove(b.vmId());
        c.scaleSets.remove(e.vmId());
        Counted counted = Counted.on(c);
        List<ScaleSetEvent> delivery = List.of(
                deleted("1"),
                new ScaleSetEvent(ScaleSetEvent.Kind.DELETED, "fgt-rg", "web-tier", "3", "foreign"),
                deleted("2"),
                deleted("9"),
                new ScaleSetEvent(ScaleSetEvent.Kind.WRITTEN, "fgt-rg", "byol", null, "capacity"));

        // Invoke
        ScalingEventService.Delivery out = counted.events().handleAll(delivery, "cid");

        // Verify
        assertEquals(List.of(ScalingEventService.Status.CLEANED, ScalingEventService.Status.IGNORED,
                        ScalingEventService.Status.STILL_MEMBERS, ScalingEventService.Status.NO_RECORDS,
                        ScalingEventService.Status.CLEANED),
                out.events().stream().map(ScalingEventService.Outcome::status).toList());
        assertEquals(List.of(b.vmId()), out.events().get(0).removed());
        assertEquals(List.of(b.vmId(), e.vmId()), out.events().get(4).removed(),
                "the scale set's own event names every record of it");
        assertEquals(List.<VmId>of(b.vmId(), e.vmId()), out.removed(), "each record removed once");
        assertEquals(4, out.managed());
        assertFalse(out.electionRan(), "the primary stayed");
        assertEquals(1, counted.scaleSets().membersReads());
        assertEquals(1, counted.readAlls());
        assertNotNull(c.record(a));
        assertNotNull(c.record(d));
    }

    @Test
    void aDeliveryAboutNoManagedScaleSetReadsNothing() {
        // Setup
        PlatformCluster c = new PlatformCluster();
        c.beat(c.byol(0));
        Counted counted = Counted.on(c);

        // Invoke
        ScalingEventService.Delivery out = counted.events().handleAll(List.of(
                new ScaleSetEvent(ScaleSetEvent.Kind.DELETED, "fgt-rg", "web-tier", "0", "e1"),
                new ScaleSetEvent(ScaleSetEvent.Kind.DELETED, "other-rg", "byol", "0", "e2")), "cid");

        // Verify
        assertEquals(0, out.managed());
        assertEquals("", out.summary());
        assertEquals(0, counted.scaleSets().membersReads());
        assertTrue(counted.stores().ops().isEmpty());
    }
}
