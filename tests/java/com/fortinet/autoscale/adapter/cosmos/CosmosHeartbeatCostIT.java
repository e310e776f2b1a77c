package com.fortinet.autoscale.adapter.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.health.Heartbeat;
import com.fortinet.autoscale.domain.heartbeat.HeartbeatService;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.support.CosmosServer;
import com.fortinet.autoscale.support.CountingStores;
import com.fortinet.autoscale.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a steady heartbeat costs in Cosmos DB operations, counted around the real adapters. */
class CosmosHeartbeatCostIT {
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    @Test
    void aSteadyHeartbeatCostsAtMostThreePointOperationsAndNoReadOfTheWholeCluster() {
        // Setup: a primary and a secondary that have heartbeat before, through the app's own wiring.
        CosmosStore store = CosmosServer.get().newStore("cost");
        CountingStores counting = new CountingStores(new CosmosHealthRecords(store), new CosmosElectionRecords(store));
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
        Member primary = new Member(VmId.of("c0570000-0000-4000-8000-000000000001"), "byol", Member.Licensing.BYOL,
                "1", "10.0.1.21");
        Member secondary = new Member(VmId.of("c0570000-0000-4000-8000-000000000002"), "byol", Member.Licensing.BYOL,
                "2", "10.0.1.22");
        App app = App.builder(AppSettings.of(Map.of()))
                .clock(clock)
                .healthRecords(counting.health())
                .electionRecords(counting.election())
                .scaleSets(new StaticScaleSets(List.of(primary, secondary)))
                .build();
        HeartbeatService heartbeats = app.heartbeats();
        for (int i = 0; i < 2; i++) {
            heartbeats.handle(Heartbeat.minimal(primary.vmId(), INTERVAL), "warm-up");
            heartbeats.handle(Heartbeat.minimal(secondary.vmId(), INTERVAL), "warm-up");
            clock.advance(INTERVAL);
        }

        // Invoke: 20 rounds of steady heartbeats from both.
        List<List<CountingStores.Op>> perHeartbeat = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            for (Member m : List.of(primary, secondary)) {
                counting.reset();
                heartbeats.handle(Heartbeat.minimal(m.vmId(), INTERVAL), "steady-" + round);
                perHeartbeat.add(counting.ops());
            }
            clock.advance(INTERVAL);
        }

        // Verify
        int max = perHeartbeat.stream().mapToInt(List::size).max().orElseThrow();
        double mean = perHeartbeat.stream().mapToInt(List::size).average().orElseThrow();
        Map<CountingStores.Kind, Long> byKind = perHeartbeat.stream().flatMap(List::stream)
                .collect(Collectors.groupingBy(CountingStores.Op::kind, Collectors.counting()));
        System.out.printf("steady heartbeat against Cosmos DB: max %d, mean %.2f store operations over %d heartbeats; %s%n",
                max, mean, perHeartbeat.size(), byKind);
        assertTrue(max <= 3, "at most 3 point operations per steady heartbeat, saw " + max);
        assertEquals(0, byKind.getOrDefault(CountingStores.Kind.READ_ALL, 0L), "no read of the whole cluster");
        assertTrue(perHeartbeat.stream().flatMap(List::stream).allMatch(op -> op.kind().isPointOperation()));
    }
}
