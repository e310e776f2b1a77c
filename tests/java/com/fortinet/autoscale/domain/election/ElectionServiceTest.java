package com.fortinet.autoscale.domain.election;
import com.fortinet.autoscale.domain.Versioned;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.HealthRules;
import com.fortinet.autoscale.domain.heartbeat.HeartbeatService;
import com.fortinet.autoscale.domain.notification.Notification;

import static com.fortinet.autoscale.support.Fixtures.beat;
import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.memory.InMemoryElectionRecords;
import com.fortinet.autoscale.support.HookedHealthRecords;
import com.fortinet.autoscale.support.TestCluster;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ElectionServiceTest {

    @Test
    void aHandlerThatLosesTheWriteAdoptsTheWinnersRecord() {
        InMemoryElectionRecords inner = new InMemoryElectionRecords();
        // Someone else elects device 3 between this handler's read and its write.
        ElectionRecords racing = new ElectionRecords() {
            @Override
            public Optional<Versioned<Primary>> read() {
                return inner.read();
            }

            @Override
            public Versioned<Primary> create(Primary primary) {
                inner.create(new Primary(vm(3), "10.0.1.3", "byol", 1, primary.electedAt(), primary.aliveUntil()));
                return inner.create(primary);
            }

            @Override
            public Versioned<Primary> replace(Primary primary, String expectedVersion) {
                return inner.replace(primary, expectedVersion);
            }
        };
        TestCluster cluster = new TestCluster(List.of(byol(1), byol(3)), Map.of(),
                new com.fortinet.autoscale.adapter.memory.InMemoryHealthRecords(), racing);
        assertEquals(Optional.of("10.0.1.3"), cluster.beat(beat(1, 10)).announcePrimaryIp());
        assertEquals(vm(3), cluster.primary().orElseThrow().vmId());
        assertTrue(cluster.notifier.of(Notification.Type.PRIMARY_ELECTED).isEmpty(), "the loser announces no election");
    }

    @Test
    void sixteenConcurrentElectionsProduceOneWinnerThatEveryoneAdopts() throws Exception {
        for (int round = 0; round < 50; round++) {
            TestCluster cluster = new TestCluster(List.of(byol(1), byol(2), byol(3)), Map.of());
            cluster.beat(beat(1, 10));
            cluster.beat(beat(2, 10));
            cluster.beat(beat(3, 10));
            cluster.clock.advanceSeconds(25); // 1 (the primary) is lost
            // 2 and 3 are punctual: their heartbeats were recorded elsewhere, without an election yet
            for (int n = 2; n <= 3; n++) {
                Versioned<HealthRecord> r = cluster.healthRecords().read(vm(n)).orElseThrow();
                HealthRecord next = HealthRules.apply(r.value(), beat(n, 10), cluster.clock.instant(),
                        cluster.settings.current()).record();
                cluster.healthRecords().replace(next, r.version());
            }
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<Primary>>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return cluster.election.ensurePrimary(cluster.clock.instant(),
                            cluster.settings.current(), "race");
                }));
            }
            start.countDown();
            Set<VmId> winners = new HashSet<>();
            for (Future<Optional<Primary>> f : results) {
                winners.add(f.get(10, TimeUnit.SECONDS).orElseThrow().vmId());
            }
            pool.shutdown();
            Primary stored = cluster.primary().orElseThrow();
            assertEquals(Set.of(stored.vmId()), winners, "round " + round);
            assertEquals(2, stored.term(), "exactly one election won");
            assertEquals(1, cluster.notifier.of(Notification.Type.PRIMARY_ELECTED).stream()
                    .filter(n -> "race".equals(n.correlationId())).count());
        }
    }

    @Test
    void concurrentFirstHeartbeatsOfAWholeClusterCreateOneRecordEachAndOnePrimary() throws Exception {
        for (int round = 0; round < 50; round++) {
            List<com.fortinet.autoscale.domain.cluster.Member> members = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                members.add(byol(i));
            }
            TestCluster cluster = new TestCluster(members, Map.of());
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HeartbeatService.Result>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int device = 1 + t % 8; // two copies of every first heartbeat
                results.add(pool.submit(() -> {
                    start.await();
                    return cluster.beat(beat(device, 10));
                }));
            }
            start.countDown();
            int firsts = 0;
            for (Future<HeartbeatService.Result> f : results) {
                if (f.get(10, TimeUnit.SECONDS).firstHeartbeat()) {
                    firsts++;
                }
            }
            pool.shutdown();
            assertEquals(8, firsts, "each device's first heartbeat is taken exactly once");
            assertEquals(8, cluster.healthRecords().readAll().size());
            assertEquals(1, cluster.primary().orElseThrow().term());
            assertEquals(1, cluster.notifier.of(Notification.Type.PRIMARY_ELECTED).size());
        }
    }

    @Test
    void aPrimaryWhoseFirstRecordIsStillBeingWrittenIsNotDeposedWithinItsLease() {
        // The first heartbeat writes the election record first and its own record after it: a health monitor
        // that runs in between (here: while device 1's record is created, with device 2's written already) finds
        // a primary without a record. Found within the lease, that is a record being written, not one gone.
        HookedHealthRecords health = new HookedHealthRecords();
        TestCluster cluster = new TestCluster(List.of(byol(1), byol(2)), Map.of(), health, new InMemoryElectionRecords());
        health.beforeCreate(record -> {
            if (record.vmId().equals(vm(1))) {
                health.plain().create(HealthRules.first(beat(2, 10), byol(2), cluster.clock.instant()));
                cluster.app.healthMonitor().run("monitor");
            }
        });

        assertEquals(Optional.of("10.0.1.1"), cluster.beat(beat(1, 10)).announcePrimaryIp());

        Primary primary = cluster.primary().orElseThrow();
        assertEquals(vm(1), primary.vmId());
        assertEquals(1, primary.term(), "no second election");
        assertEquals(1, cluster.notifier.of(Notification.Type.PRIMARY_ELECTED).size());
        cluster.clock.advanceSeconds(10);
        cluster.beat(beat(1, 10));
        cluster.app.healthMonitor().run("monitor");
        assertEquals(1, cluster.primary().orElseThrow().term(), "its record written, it stays");
    }
}
