package com.fortinet.autoscale.adapter.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.cosmos.models.CosmosItemRequestOptions;
import com.fortinet.autoscale.adapter.memory.InMemorySettingsStore;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.domain.election.ElectionService;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.HealthRecordBuilder;
import com.fortinet.autoscale.domain.health.HealthRules;
import com.fortinet.autoscale.domain.health.Heartbeat;
import com.fortinet.autoscale.domain.heartbeat.HeartbeatService;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.settings.SettingsProvider;
import com.fortinet.autoscale.domain.StoreUnavailableException;
import com.fortinet.autoscale.domain.health.SyncState;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.election.ElectionRecords;
import com.fortinet.autoscale.domain.health.HealthRecords;
import com.fortinet.autoscale.domain.notification.Notifier;
import com.fortinet.autoscale.support.CosmosServer;
import com.fortinet.autoscale.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real threads racing through the domain services against the Cosmos DB server: what many function hosts
 * do at once when FortiGates heartbeat together.
 */
class CosmosRaceIT {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(120);

    private CosmosStore store;
    private HealthRecords health;
    private ElectionRecords elections;
    private final List<Notification> notifications = new CopyOnWriteArrayList<>();
    private final Notifier notifier = notifications::add;
    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        store = CosmosServer.get().newStore("race");
        health = new CosmosHealthRecords(store);
        elections = new CosmosElectionRecords(store);
    }

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static VmId vm(int n) {
        return VmId.of(String.format("5eed0000-0000-4000-8000-%012d", n));
    }

    private static Member member(int n) {
        return new Member(vm(n), "byol", Member.Licensing.BYOL, String.valueOf(n), "10.0.1." + (10 + n));
    }

    /** A healthy, in-sync record of device n that heartbeat at {@link #NOW}. */
    private static HealthRecord healthy(int n, boolean saysPrimary) {
        Member m = member(n);
        return HealthRecordBuilder.aHealthRecord().of(m).interval(INTERVAL).arrivedAt(NOW).sequence(100L)
                .deviceTime(NOW).firstSeen(NOW.minusSeconds(3600 - n)).saysPrimary(saysPrimary).build();
    }

    /** Runs every task at the same moment on its own thread; returns their results in order. */
    private <T> List<T> atOnce(List<Callable<T>> tasks) throws Exception {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(16);
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                go.await();
                return task.call();
            }));
        }
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        return results;
    }

    private long elected() {
        return notifications.stream().filter(n -> n.type() == Notification.Type.PRIMARY_ELECTED).count();
    }

    @Test
    void sixteenHandlersElectingAtOnceAgreeOnExactlyOneWinnerEveryTime() throws Exception {
        // Setup: 16 healthy FortiGates; each handler's own device just said it is primary, so each handler's
        // candidate is different and every handler but one must adopt someone else's win.
        int devices = 16;
        int rounds = 200;
        StaticScaleSets scaleSets = new StaticScaleSets(java.util.stream.IntStream.range(0, devices)
                .mapToObj(CosmosRaceIT::member).toList());
        for (int i = 0; i < devices; i++) {
            health.create(healthy(i, false));
        }
        Settings settings = Settings.defaults();
        List<ElectionService> handlers = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            handlers.add(new ElectionService(health, elections, scaleSets, notifier));
        }
        VmId departed = VmId.of("dead0000-0000-4000-8000-000000000000");

        for (int round = 0; round < rounds; round++) {
            // Even rounds elect the first primary (create); odd rounds replace one that left (compare-and-set).
            long expectedTerm;
            Optional<Versioned<Primary>> before = elections.read();
            if (round % 2 == 0) {
                before.ifPresent(b -> store.container(CosmosStore.ELECTION).deleteItem(ElectionItem.ID,
                        store.partition(), new CosmosItemRequestOptions()));
                expectedTerm = 1;
            } else {
                Primary gone = new Primary(departed, "10.0.9.9", "byol", 41, NOW.minusSeconds(600), NOW.minusSeconds(1));
                elections.replace(gone, before.orElseThrow().version());
                expectedTerm = 42;
            }
            notifications.clear();
            List<Callable<Optional<Primary>>> tasks = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                ElectionService handler = handlers.get(i);
                HealthRecord pending = healthy(i, true);
                String cid = "round-" + round + "-handler-" + i;
                tasks.add(() -> handler.resolve(elections.read(), pending, NOW, settings, cid));
            }

            // Invoke
            List<Optional<Primary>> adopted = atOnce(tasks);

            // Verify
            Primary winner = elections.read().orElseThrow().value();
            assertEquals(1, elected(), "round " + round + ": exactly one handler wins the write");
            assertEquals(expectedTerm, winner.term(), "round " + round);
            assertTrue(scaleSets.find(winner.vmId()).isPresent(), "round " + round + ": the winner is a member");
            for (Optional<Primary> p : adopted) {
                assertEquals(Optional.of(winner), p, "round " + round + ": every handler uses the stored winner");
            }
        }
    }

    @Test
    void eightHostsTakingHeartbeatsOfOneDeviceLoseNoUpdate() throws Exception {
        // Setup: an out-of-sync device counts down to recovery by one per on-time heartbeat, in whatever order
        // they land, so the countdown shows every applied heartbeat. A healthy primary holds a long lease.
        int hosts = 8;
        int beatsPerHost = 25;
        int countdown = 10_000;
        MutableClock clock = new MutableClock(NOW);
        Member device = member(1);
        Member primary = member(2);
        StaticScaleSets scaleSets = new StaticScaleSets(List.of(device, primary));
        elections.create(new Primary(primary.vmId(), primary.privateIp(), "byol", 1, NOW.minusSeconds(60),
                NOW.plus(Duration.ofHours(1))));
        HealthRecord start = healthy(1, false).markedOutOfSync(0, countdown).withKnownPrimaryIp(primary.privateIp());
        health.create(start);
        SettingsProvider settings = new SettingsProvider(new InMemorySettingsStore(Map.of()), clock, Duration.ofHours(1));
        List<Callable<int[]>> tasks = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            HeartbeatService host = new HeartbeatService(health, elections, scaleSets,
                    new ElectionService(health, elections, scaleSets, notifier), settings, clock, notifier, null);
            int hostNo = h;
            tasks.add(() -> {
                int applied = 0;
                int gaveUp = 0;
                for (int i = 0; i < beatsPerHost; i++) {
                    try {
                        HeartbeatService.Result r = host.handle(Heartbeat.minimal(device.vmId(), INTERVAL),
                                "host-" + hostNo + "-beat-" + i);
                        applied += r.disposition() == HealthRules.Disposition.APPLIED ? 1 : 0;
                    } catch (StoreUnavailableException kept) {
                        gaveUp++;
                    }
                }
                return new int[] {applied, gaveUp};
            });
        }

        // Invoke
        List<int[]> results = atOnce(tasks);

        // Verify
        int applied = results.stream().mapToInt(r -> r[0]).sum();
        int gaveUp = results.stream().mapToInt(r -> r[1]).sum();
        HealthRecord end = health.read(device.vmId()).orElseThrow().value();
        System.out.printf("8 hosts x %d heartbeats of one device: %d applied, %d answered 503 after repeated conflicts%n",
                beatsPerHost, applied, gaveUp);
        assertEquals(hosts * beatsPerHost, applied + gaveUp);
        assertTrue(applied > 0);
        assertEquals(countdown - applied, end.recoveryCountdown(), "every applied heartbeat is in the record");
    }

    @Test
    void twoCopiesOfAFirstHeartbeatCreateExactlyOneRecord() throws Exception {
        // Setup: a healthy primary holds a long lease; devices that never called before send their first
        // heartbeat twice at the same moment to two hosts.
        int devices = 40;
        MutableClock clock = new MutableClock(NOW);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            members.add(member(100 + i));
        }
        Member primary = member(2);
        members.add(primary);
        StaticScaleSets scaleSets = new StaticScaleSets(members);
        elections.create(new Primary(primary.vmId(), primary.privateIp(), "byol", 1, NOW.minusSeconds(60),
                NOW.plus(Duration.ofHours(1))));
        SettingsProvider settings = new SettingsProvider(new InMemorySettingsStore(Map.of()), clock, Duration.ofHours(1));
        AtomicInteger firstSeenCallbacks = new AtomicInteger();
        List<HeartbeatService> hostsOf = new ArrayList<>();
        for (int h = 0; h < 2; h++) {
            hostsOf.add(new HeartbeatService(health, elections, scaleSets,
                    new ElectionService(health, elections, scaleSets, notifier), settings, clock, notifier,
                    m -> firstSeenCallbacks.incrementAndGet()));
        }

        for (int i = 0; i < devices; i++) {
            VmId vm = members.get(i).vmId();
            Heartbeat hb = new Heartbeat(vm, INTERVAL, 0L, NOW.minusSeconds(1), null, null, null, false, null);
            List<Callable<HeartbeatService.Result>> copies = List.of(
                    () -> hostsOf.get(0).handle(hb, "copy-1"),
                    () -> hostsOf.get(1).handle(hb, "copy-2"));

            // Invoke
            List<HeartbeatService.Result> results = atOnce(copies);

            // Verify
            assertEquals(1, results.stream().filter(HeartbeatService.Result::firstHeartbeat).count(),
                    "device " + i + ": one copy creates the record");
            HealthRecord stored = health.read(vm).orElseThrow().value();
            assertEquals(SyncState.IN_SYNC, stored.syncState());
            assertEquals(0, stored.lossCount());
        }
        assertEquals(devices, firstSeenCallbacks.get());
        assertEquals(devices, health.readAll().size());
    }
}
