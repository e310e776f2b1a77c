package com.fortinet.autoscale.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.cosmos.CosmosElectionRecords;
import com.fortinet.autoscale.adapter.cosmos.CosmosHealthRecords;
import com.fortinet.autoscale.adapter.cosmos.CosmosLicenseUsage;
import com.fortinet.autoscale.adapter.cosmos.CosmosStore;
import com.fortinet.autoscale.adapter.memory.InMemorySettingsStore;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.Heartbeat;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.support.CosmosServer;
import com.fortinet.autoscale.support.FaultProxy;
import com.fortinet.autoscale.support.RecordingNotifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 9, the part built so far: a fleet of FortiGates on real threads calls two app instances with
 * separate caches, at random, over one Cosmos DB test server reached through the {@link FaultProxy}; the health
 * monitor runs on a random instance. Faults injected while it runs: the store stopped, the store answering too
 * slowly, a burst of forged far-future clocks. Invariants checked: never two different primaries for one term;
 * no election while the primary heartbeats (no device dies in this run, so the term stays 1); no FortiGate
 * marked unhealthy or terminated for the controller's gap; no lost update (every device's stored sequence is
 * at least the last one acknowledged to it). It prints its figures; {@code FAULT_SECONDS} (environment) makes
 * each phase longer, for {@code scripts/soak.sh}.
 */
class FaultInjectionIT {
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final int DEVICES = 4;

    private final RecordingNotifier notifier = new RecordingNotifier();
    private final Map<Long, VmId> primaryOfTerm = new ConcurrentHashMap<>();
    private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final Map<VmId, AtomicLong> lastAcked = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);

    private static Member member(int n) {
        return new Member(VmId.of(String.format("fa170000-0000-4000-8000-%012d", n)), "byol", Member.Licensing.BYOL,
                String.valueOf(n), "10.0.7." + n);
    }

    private static App instance(CosmosStore store, InMemorySettingsStore settings, StaticScaleSets sets,
                                RecordingNotifier notifier) {
        return App.builder(AppSettings.of(Map.of()))
                .clock(Clock.systemUTC())
                .healthRecords(new CosmosHealthRecords(store))
                .electionRecords(new CosmosElectionRecords(store))
                .licenseUsage(new CosmosLicenseUsage(store))
                .settingsStore(settings)
                .settingsTtl(Duration.ofDays(1))
                .scaleSets(sets)
                .notifier(notifier)
                .build();
    }

    @Test
    void theClusterStaysCorrectWhileTheStoreStopsSlowsAndClocksAreForged() throws Exception {
        long phase = Long.parseLong(Optional.ofNullable(System.getenv("FAULT_SECONDS")).orElse("8"));
        CosmosServer server = CosmosServer.get();
        List<Member> fleet = new ArrayList<>();
        for (int n = 1; n <= DEVICES; n++) {
            fleet.add(member(n));
        }
        StaticScaleSets sets = new StaticScaleSets(fleet);
        InMemorySettingsStore settings = new InMemorySettingsStore(Map.of("byol-scaling-group-name", "byol",
                "heartbeat-delay-allowance", "1", "heartbeat-loss-count", "4", "terminate-unhealthy-vm", "true"));
        int faults = 0;
        long started = System.nanoTime();
        try (FaultProxy proxy = new FaultProxy(server.port())) {
            CosmosStore store = CosmosStore.of(CosmosStore.Config.of(proxy.endpoint(), CosmosServer.KEY, null, "faults")
                    .withClusterId("faults-" + java.util.UUID.randomUUID())
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30)));
            List<App> apps = List.of(instance(store, settings, sets, notifier), instance(store, settings, sets, notifier));

            List<Thread> threads = new ArrayList<>();
            for (Member m : fleet) {
                threads.add(start("fgt-" + m.instanceId(), () -> device(m, apps)));
            }
            threads.add(start("monitor", () -> monitor(apps)));
            threads.add(start("watch", () -> watch(new CosmosElectionRecords(store))));

            pause(Duration.ofSeconds(phase));
            proxy.down(); // the store stops: longer than two intervals, so a controller gap
            faults++;
            pause(Duration.ofSeconds(phase + 4));
            proxy.pass();
            pause(Duration.ofSeconds(phase));
            proxy.stallResponses(); // the store answers too late
            faults++;
            pause(Duration.ofSeconds(phase / 2 + 2));
            proxy.pass();
            pause(Duration.ofSeconds(phase));
            forgedBurst(fleet, apps); // far-future clocks and counters
            faults++;
            pause(Duration.ofSeconds(phase));

            running.set(false);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            checkAfterwards(new CosmosElectionRecords(store), new CosmosHealthRecords(store), fleet, sets);
        }
        System.out.printf("fault-injection: trials=1 faults=%d heartbeats=%d refused=%d elections=%d gaps=%d"
                        + " violations=%d seconds=%d%n", faults, heartbeats.get(), refused.get(),
                notifier.of(Notification.Type.PRIMARY_ELECTED).size(),
                notifier.of(Notification.Type.CONTROLLER_GAP).size(), violations.size(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        assertEquals(List.of(), violations);
        assertTrue(heartbeats.get() > DEVICES * 10, "the fleet ran: " + heartbeats.get());
    }

    /** A FortiGate: one heartbeat per interval to a random instance, sequence and clock as FortiOS sends them. */
    private void device(Member m, List<App> apps) {
        long sequence = 0;
        long next = System.nanoTime();
        while (running.get()) {
            sequence++;
            Heartbeat hb = new Heartbeat(m.vmId(), INTERVAL, sequence, Instant.now(), null, null, null, null, "cs-1");
            try {
                pick(apps).heartbeats().handle(hb, "fgt-" + m.instanceId());
                heartbeats.incrementAndGet();
                lastAcked.computeIfAbsent(m.vmId(), k -> new AtomicLong()).accumulateAndGet(sequence, Math::max);
            } catch (RuntimeException e) {
                refused.incrementAndGet(); // the device sees a 503 and beats again next interval
            }
            next += INTERVAL.toNanos();
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
    }

    /** The health monitor, every 3 s on a random instance. */
    private void monitor(List<App> apps) {
        while (running.get()) {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));
            try {
                pick(apps).healthMonitor().run("monitor");
            } catch (RuntimeException e) {
                // the store is down: the next run tries again
            }
        }
    }

    /** Watches the election record and the notifications throughout. */
    private void watch(CosmosElectionRecords elections) {
        while (running.get()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
            try {
                elections.read().map(Versioned::value).ifPresent(this::seen);
            } catch (RuntimeException e) {
                // the store is down
            }
            for (Notification n : notifier.of(Notification.Type.PRIMARY_ELECTED)) {
                Object term = n.details().get("term");
                if (term instanceof Number t) {
                    VmId before = primaryOfTerm.putIfAbsent(t.longValue(), VmId.of(n.subject()));
                    if (before != null && !before.value().equals(n.subject())) {
                        violation("two primaries announced for term " + t + ": " + before + " and " + n.subject());
                    }
                }
            }
        }
    }

    private void seen(Primary p) {
        VmId before = primaryOfTerm.putIfAbsent(p.term(), p.vmId());
        if (before != null && !before.equals(p.vmId())) {
            violation("two primaries for term " + p.term() + ": " + before + " and " + p.vmId());
        }
        if (p.term() > 1) {
            violation("election while the primary heartbeats: term " + p.term() + " primary " + p.vmId());
        }
    }

    private void forgedBurst(List<Member> fleet, List<App> apps) {
        Instant farFuture = Instant.now().plus(Duration.ofDays(365));
        for (int i = 0; i < 3; i++) {
            for (Member m : fleet) {
                Heartbeat forged = new Heartbeat(m.vmId(), INTERVAL, 9_000_000_000L + i, farFuture, null, null, null,
                        null, "cs-1");
                try {
                    pick(apps).heartbeats().handle(forged, "forged");
                } catch (RuntimeException e) {
                    refused.incrementAndGet();
                }
            }
        }
    }

    private void checkAfterwards(CosmosElectionRecords elections, CosmosHealthRecords health, List<Member> fleet,
                                 StaticScaleSets sets) {
        for (Member m : fleet) {
            HealthRecord r = health.read(m.vmId()).map(Versioned::value).orElse(null);
            long acked = lastAcked.getOrDefault(m.vmId(), new AtomicLong()).get();
            if (r == null || r.sequence() == null || r.sequence() < acked) {
                violation("lost update for " + m.vmId() + ": acknowledged " + acked + ", stored "
                        + (r == null ? "nothing" : r.sequence()));
            }
        }
        for (Notification n : notifier.of(Notification.Type.VM_UNHEALTHY)) {
            violation("marked unhealthy though every device kept beating: " + n.subject() + " " + n.details());
        }
        if (!sets.terminated().isEmpty()) {
            violation("terminated though every device kept beating: " + sets.terminated());
        }
        elections.read().map(Versioned::value).ifPresent(this::seen);
    }

    private void violation(String what) {
        if (!violations.contains(what)) {
            violations.add(what);
        }
    }

    private static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static App pick(List<App> apps) {
        return apps.get(ThreadLocalRandom.current().nextInt(apps.size()));
    }

    private static void pause(Duration d) {
        LockSupport.parkNanos(d.toNanos());
    }
}
