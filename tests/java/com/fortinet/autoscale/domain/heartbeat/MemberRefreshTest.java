package com.fortinet.autoscale.domain.heartbeat;

import static com.fortinet.autoscale.support.Fixtures.beat;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.support.TestCluster;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Item "no null primary": a member without an IP is not eligible, and its record learns the IP later. */
class MemberRefreshTest {
    private static Member member(int n, String ip, String instance) {
        return new Member(vm(n), "byol", Member.Licensing.BYOL, instance, ip);
    }

    @Test
    void aMemberWhoseIpIsUnknownIsNotElectedAndIsElectedOnceTheScaleSetKnowsIt() {
        TestCluster cluster = new TestCluster(List.of(member(1, null, null)), Map.of());

        assertEquals(Optional.empty(), cluster.beat(beat(1, 10)).announcePrimaryIp(), "no null primary-ip");
        assertTrue(cluster.primary().isEmpty());

        cluster.scaleSets.add(member(1, "10.0.1.1", "7"));
        cluster.clock.advanceSeconds(10);
        assertEquals(Optional.of("10.0.1.1"), cluster.beat(beat(1, 10)).announcePrimaryIp());

        assertEquals("10.0.1.1", cluster.record(vm(1)).orElseThrow().privateIp(), "refreshed from the member");
        assertEquals("7", cluster.record(vm(1)).orElseThrow().instanceId());
        assertEquals("10.0.1.1", cluster.primary().orElseThrow().privateIp());
    }

    @Test
    void aSteadySecondaryPicksUpAChangedInstanceIdWithinItsTwoStoreOperations() {
        TestCluster cluster = new TestCluster(List.of(member(1, "10.0.1.1", "0"), member(2, "10.0.1.2", "1")), Map.of());
        cluster.beat(beat(1, 10));
        cluster.beat(beat(2, 10));
        cluster.scaleSets.add(member(2, "10.0.1.2", "9"));
        cluster.clock.advanceSeconds(10);
        cluster.beat(beat(1, 10));
        cluster.stores.reset();

        cluster.beat(beat(2, 10));

        assertEquals(2, cluster.stores.ops().size(), cluster.stores.ops().toString());
        assertEquals("9", cluster.record(vm(2)).orElseThrow().instanceId());
    }

    @Test
    void anIpThePlatformStopsReportingKeepsTheRecordedOne() {
        TestCluster cluster = new TestCluster(List.of(member(1, "10.0.1.1", "0")), Map.of());
        cluster.beat(beat(1, 10));
        cluster.scaleSets.add(member(1, null, null));
        cluster.clock.advanceSeconds(10);

        cluster.beat(beat(1, 10));

        assertEquals("10.0.1.1", cluster.record(vm(1)).orElseThrow().privateIp());
        assertEquals("0", cluster.record(vm(1)).orElseThrow().instanceId());
    }
}
