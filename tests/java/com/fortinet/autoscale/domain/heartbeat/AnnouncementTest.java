package com.fortinet.autoscale.domain.heartbeat;

import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.seconds;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.health.Heartbeat;
import com.fortinet.autoscale.support.TestCluster;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnnouncementTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Optional<Primary> PRIMARY_1 = Optional.of(new Primary(vm(1), "10.0.1.1", "byol", 1, T0, T0));

    @Test
    void aDeviceIsToldWhenThePrimaryDiffersFromWhatItWasTold() {
        assertEquals(Optional.of("10.0.1.1"), Announcement.decide(PRIMARY_1, vm(2), null, null));
        assertEquals(Optional.of("10.0.1.1"), Announcement.decide(PRIMARY_1, vm(2), null, "10.0.1.9"));
        assertEquals(Optional.empty(), Announcement.decide(PRIMARY_1, vm(2), null, "10.0.1.1"));
    }

    @Test
    void aDeviceWhoseIsPrimaryDisagreesWithTheElectionIsToldAgain() {
        assertEquals(Optional.of("10.0.1.1"), Announcement.decide(PRIMARY_1, vm(2), true, "10.0.1.1"),
                "a secondary saying it is primary");
        assertEquals(Optional.of("10.0.1.1"), Announcement.decide(PRIMARY_1, vm(1), false, "10.0.1.1"),
                "the primary saying it is not");
        assertEquals(Optional.empty(), Announcement.decide(PRIMARY_1, vm(2), false, "10.0.1.1"));
        assertEquals(Optional.empty(), Announcement.decide(PRIMARY_1, vm(1), true, "10.0.1.1"));
    }

    @Test
    void nothingIsToldWithoutAPrimaryOrItsIp() {
        assertEquals(Optional.empty(), Announcement.decide(Optional.empty(), vm(2), true, null));
        Optional<Primary> noIp = Optional.of(new Primary(vm(1), null, "byol", 1, T0, T0));
        assertEquals(Optional.empty(), Announcement.decide(noIp, vm(1), false, null));
    }

    @Test
    void aLostAnswerIsRepeatedUntilTheDemotedPrimaryAgrees() {
        TestCluster cluster = new TestCluster(List.of(byol(1), byol(2)), Map.of());
        cluster.beat(says(1, null));
        cluster.beat(says(2, null));
        // the election moves to 2 (as after a failover); 1 still believes it is primary
        cluster.electionRecords().replace(new Primary(vm(2), "10.0.1.2", "byol", 2, cluster.clock.instant(),
                cluster.clock.instant().plusSeconds(60)), cluster.electionRecords().read().orElseThrow().version());

        cluster.clock.advanceSeconds(10);
        assertEquals(Optional.of("10.0.1.2"), cluster.beat(says(1, true)).announcePrimaryIp(), "told once");
        cluster.clock.advanceSeconds(10);
        assertEquals(Optional.of("10.0.1.2"), cluster.beat(says(1, true)).announcePrimaryIp(),
                "the answer was lost: it still says primary, so it is told again");
        cluster.clock.advanceSeconds(10);
        assertEquals(Optional.empty(), cluster.beat(says(1, false)).announcePrimaryIp(), "it agrees now");
        cluster.clock.advanceSeconds(10);
        assertEquals(Optional.of("10.0.1.2"), cluster.beat(says(2, false)).announcePrimaryIp(),
                "the elected device saying it is not primary is told its own IP until it agrees");
        cluster.clock.advanceSeconds(10);
        assertEquals(Optional.empty(), cluster.beat(says(2, true)).announcePrimaryIp());
    }

    @Test
    void withoutIsPrimaryADeviceIsToldOncePerChangeAsBefore() {
        TestCluster cluster = new TestCluster(List.of(byol(1), byol(2)), Map.of());
        cluster.beat(says(1, null));
        assertEquals(Optional.of("10.0.1.1"), cluster.beat(says(2, null)).announcePrimaryIp());
        cluster.clock.advanceSeconds(10);
        cluster.beat(says(1, null));
        assertEquals(Optional.empty(), cluster.beat(says(2, null)).announcePrimaryIp());
    }

    private static Heartbeat says(int n, Boolean isPrimary) {
        return new Heartbeat(vm(n), seconds(10), null, null, null, null, null, isPrimary, null);
    }
}
