package com.fortinet.autoscale.domain.heartbeat;

import static com.fortinet.autoscale.support.Fixtures.beat;
import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.support.CountingStores;
import com.fortinet.autoscale.support.CountingStores.Op;
import com.fortinet.autoscale.support.TestCluster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a steady-state heartbeat costs in store operations (known device, healthy primary): the bound is 3
 * point operations, no listing or query; the design reaches 2 for a secondary.
 */
class StoreOperationCountTest {
    private final TestCluster cluster = new TestCluster(List.of(byol(1), byol(2), byol(3)), Map.of());

    private List<Op> opsOf(int device) {
        cluster.stores.reset();
        cluster.beat(beat(device, 30));
        return cluster.stores.ops();
    }

    private void steadyState(int rounds) {
        for (int i = 0; i < rounds; i++) {
            cluster.beat(beat(1, 30));
            cluster.beat(beat(2, 30));
            cluster.beat(beat(3, 30));
            cluster.clock.advanceSeconds(30);
        }
    }

    @Test
    void aSteadySecondaryHeartbeatReadsTheElectionRecordAndReplacesItsOwnRecord() {
        steadyState(3);
        List<Op> ops = opsOf(2);
        System.out.println("steady secondary heartbeat: " + ops.size() + " store operations " + ops);
        assertEquals(List.of(new Op(CountingStores.Kind.POINT_READ, "election"),
                new Op(CountingStores.Kind.CONDITIONAL_REPLACE, "health:" + vm(2))), ops);
    }

    @Test
    void aSteadyPrimaryHeartbeatStaysWithinThreePointOperationsAndAveragesUnderThree() {
        steadyState(3);
        int total = 0;
        int rounds = 20;
        for (int i = 0; i < rounds; i++) {
            List<Op> ops = opsOf(1);
            assertTrue(ops.size() <= 3, "at most 3: " + ops);
            assertTrue(ops.stream().allMatch(op -> op.kind().isPointOperation()), "no listing: " + ops);
            total += ops.size();
            cluster.beat(beat(2, 30));
            cluster.beat(beat(3, 30));
            cluster.clock.advanceSeconds(30);
        }
        double average = (double) total / rounds;
        System.out.println("steady primary heartbeat: " + average + " store operations on average");
        assertTrue(average <= 2.5, "the lease is renewed about every other heartbeat: " + average);
    }

    @Test
    void noSteadyHeartbeatOfAnyDeviceListsRecords() {
        steadyState(3);
        cluster.stores.reset();
        steadyState(10);
        List<Op> ops = cluster.stores.ops();
        assertTrue(ops.stream().allMatch(op -> op.kind().isPointOperation()), ops.toString());
        double perHeartbeat = ops.size() / 30.0;
        System.out.println("steady cluster: " + perHeartbeat + " store operations per heartbeat");
        assertTrue(perHeartbeat <= 2.2, "about 2 per heartbeat: " + perHeartbeat);
    }

    @Test
    void aSteadyClusterWritesNothingToTheEventHistory() {
        steadyState(3);
        int before = cluster.eventHistory.recent(500).size();
        assertTrue(before >= 1, "the first election is in the history");
        steadyState(10);
        assertEquals(before, cluster.eventHistory.recent(500).size(), "30 steady heartbeats, no event");
    }

    @Test
    void aHeartbeatLandingOnAnotherInstanceCostsOneMoreRead() {
        steadyState(3);
        cluster.app.heartbeats().forget(vm(2)); // as if another function instance had written it last
        List<Op> ops = opsOf(2);
        assertEquals(3, ops.size(), ops.toString());
        assertEquals(new Op(CountingStores.Kind.POINT_READ, "health:" + vm(2)), ops.get(1));
    }
}
