package com.fortinet.autoscale.domain.bootstrap;

import static com.fortinet.autoscale.support.Fixtures.beat;
import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.support.TestCluster;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bootstrap role (behaviour §5): always secondary; the primary is named only while it is live. */
class BootstrapServiceTest {
    // interval 10 s, allowance 2 s: a device is lost 22 s after its last heartbeat
    private final TestCluster cluster = new TestCluster(List.of(byol(1), byol(2), byol(3)), Map.of());

    private String bootstrap(int n) {
        return cluster.app.bootstrap().configuration(vm(n), "test");
    }

    @Test
    void aFreshClusterBootsEveryDeviceAsASecondaryAndTheFirstHeartbeatPromotesOne() {
        for (int n = 1; n <= 3; n++) {
            String config = bootstrap(n);
            assertTrue(config.contains("    set role secondary\n"), config);
            assertFalse(config.contains("set role primary"), config);
            assertFalse(config.contains("primary-ip"), config);
        }
        assertEquals(Optional.of("10.0.1.1"), cluster.beat(beat(1, 10)).announcePrimaryIp(), "its own IP: primary");
    }

    @Test
    void aDeviceJoiningALiveClusterIsToldThePrimary() {
        cluster.beat(beat(1, 10));

        assertTrue(bootstrap(2).contains("    set role secondary\n    set primary-ip 10.0.1.1\n"));
    }

    @Test
    void aLostPrimaryIsNotNamed() {
        cluster.beat(beat(1, 10));
        cluster.clock.advanceSeconds(23);

        assertFalse(bootstrap(2).contains("primary-ip"));
    }

    @Test
    void aPrimaryNoLongerInItsScaleSetIsNotNamed() {
        cluster.beat(beat(1, 10));
        cluster.scaleSets.remove(vm(1));

        assertFalse(bootstrap(2).contains("primary-ip"));
    }

    @Test
    void aReimagedPrimaryGivesUpTheRoleAtOnceAndIsToldTheNewOne() {
        cluster.beat(beat(1, 10));
        cluster.beat(beat(2, 10));
        cluster.beat(beat(3, 10));

        String config = bootstrap(1);

        assertEquals(vm(2), cluster.primary().orElseThrow().vmId(), "an election among the others ran");
        assertEquals(2, cluster.primary().orElseThrow().term());
        assertTrue(config.contains("    set role secondary\n    set primary-ip 10.0.1.2\n"), config);
        assertEquals("10.0.1.2", cluster.record(vm(1)).orElseThrow().knownPrimaryIp(), "what it was told");
        assertEquals(1, cluster.notifier.of(Notification.Type.PRIMARY_ELECTED).stream()
                .filter(n -> n.subject().equals(vm(2).value())).count());
        // the new primary learns it from its next heartbeat
        cluster.clock.advanceSeconds(10);
        assertEquals(Optional.of("10.0.1.2"), cluster.beat(beat(2, 10)).announcePrimaryIp());
    }

    @Test
    void aLonePrimaryThatBootstrapsAgainKeepsTheRoleAndLearnsItFromItsNextHeartbeat() {
        cluster.beat(beat(1, 10));

        String config = bootstrap(1);

        assertFalse(config.contains("primary-ip"), "it is never told itself as another device's primary");
        assertEquals(vm(1), cluster.primary().orElseThrow().vmId(), "nobody else could take over");
        cluster.clock.advanceSeconds(10);
        assertEquals(Optional.of("10.0.1.1"), cluster.beat(beat(1, 10)).announcePrimaryIp(),
                "its blank configuration says secondary: it is told again");
    }

    @Test
    void aReimagedSecondaryIsToldThePrimaryAgainWhenItsBootstrapCouldNotNameIt() {
        cluster.beat(beat(1, 10));
        cluster.beat(beat(2, 10));
        cluster.clock.advanceSeconds(23); // the primary is lost: bootstrap names no one

        assertFalse(bootstrap(2).contains("primary-ip"));

        assertEquals(null, cluster.record(vm(2)).orElseThrow().knownPrimaryIp());
        cluster.beat(beat(1, 10));
        assertEquals(Optional.of("10.0.1.1"), cluster.beat(beat(2, 10)).announcePrimaryIp());
    }

    @Test
    void aDegradedBootstrapIsNotifiedAndStillServesBaseconfig() {
        TestCluster degraded = new TestCluster(List.of(byol(1)), Map.of("additional-configset-name-list", "nosuchset"));

        String config = degraded.app.bootstrap().configuration(vm(1), "test");

        assertTrue(config.contains("config system auto-scale"));
        List<Notification> sent = degraded.notifier.of(Notification.Type.BOOTSTRAP_DEGRADED);
        assertEquals(1, sent.size());
        assertEquals(vm(1).value(), sent.get(0).subject());
        assertEquals(List.of("nosuchset: config set nosuchset not found"), sent.get(0).details().get("omitted"));
    }
}
