package com.fortinet.autoscale.domain.lifecycle;
import com.fortinet.autoscale.domain.Versioned;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.election.ElectionService;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.Heartbeat;
import com.fortinet.autoscale.domain.heartbeat.HeartbeatService;
import com.fortinet.autoscale.domain.licensing.LicenseAssignment;
import com.fortinet.autoscale.domain.licensing.LicenseService;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.domain.settings.SettingsProvider;

import com.fortinet.autoscale.adapter.memory.InMemoryElectionRecords;
import com.fortinet.autoscale.adapter.memory.InMemoryHealthRecords;
import com.fortinet.autoscale.adapter.memory.InMemoryLicenseStock;
import com.fortinet.autoscale.adapter.memory.InMemoryLicenseUsage;
import com.fortinet.autoscale.adapter.memory.InMemorySettingsStore;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.domain.notification.Notifier;
import com.fortinet.autoscale.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cluster wired from the in-memory adapters (the same compare-and-set semantics a database gives) and the
 * real domain services, on a clock the test moves: what the health monitor and scaling-event tests run on.
 * Heartbeat interval 30 s, allowance 2 s, loss count 3, recovery count 3; scale sets {@code byol}, {@code payg}.
 */
final class PlatformCluster {
    static final Duration INTERVAL = Duration.ofSeconds(30);

    final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
    final Instant t0 = clock.instant();
    final InMemoryHealthRecords records = new InMemoryHealthRecords();
    final InMemoryElectionRecords elections = new InMemoryElectionRecords();
    final InMemoryLicenseUsage licenses = new InMemoryLicenseUsage();
    final StaticScaleSets scaleSets = new StaticScaleSets(List.of());
    final InMemorySettingsStore settingsStore;
    final SettingsProvider settings;
    final List<Notification> notifications = new CopyOnWriteArrayList<>();
    final Notifier notifier = notifications::add;
    final ElectionService election;
    final HeartbeatService heartbeats;
    final LicenseService licenseService;
    final InstanceCleanup cleanup;
    final HealthMonitor monitor;
    final ScalingEventService events;
    private final Map<VmId, AtomicLong> sequences = new HashMap<>();

    PlatformCluster(Map<String, String> overrides) {
        Map<String, String> seed = new HashMap<>(Map.of(
                "heartbeat-delay-allowance", "2",
                "heartbeat-loss-count", "3",
                "sync-recovery-count", "3",
                "byol-scaling-group-name", "byol",
                "payg-scaling-group-name", "payg"));
        seed.putAll(overrides);
        settingsStore = new InMemorySettingsStore(seed);
        settings = new SettingsProvider(settingsStore, clock, Duration.ZERO);
        election = new ElectionService(records, elections, scaleSets, notifier);
        heartbeats = new HeartbeatService(records, elections, scaleSets, election, settings, clock, notifier, null);
        licenseService = new LicenseService(new InMemoryLicenseStock(), licenses, scaleSets, clock, notifier);
        cleanup = new InstanceCleanup(records, licenseService, heartbeats::forget);
        monitor = new HealthMonitor(records, elections, scaleSets, election, cleanup, settings, clock, notifier);
        events = new ScalingEventService(records, elections, scaleSets, election, cleanup, settings, clock, "fgt-rg");
    }

    PlatformCluster() {
        this(Map.of());
    }

    /** A BYOL member with instance id {@code n} and IP {@code 10.0.1.(10+n)}. */
    Member byol(int n) {
        Member m = new Member(VmId.of(String.format("a%07d-0000-4000-8000-000000000000", n)), "byol",
                Member.Licensing.BYOL, String.valueOf(n), "10.0.1." + (10 + n));
        scaleSets.add(m);
        return m;
    }

    /** A heartbeat from the member with the next sequence number and the device time = the clock. */
    HeartbeatService.Result beat(Member m) {
        long seq = sequences.computeIfAbsent(m.vmId(), k -> new AtomicLong()).getAndIncrement();
        return beat(m, seq);
    }

    HeartbeatService.Result beat(Member m, long sequence) {
        Heartbeat hb = new Heartbeat(m.vmId(), INTERVAL, sequence, clock.instant().plusMillis(sequence), null, null,
                null, null, "checksum-1");
        return heartbeats.handle(hb, "test");
    }

    HealthRecord record(Member m) {
        return records.read(m.vmId()).map(Versioned::value).orElse(null);
    }

    Primary primary() {
        return elections.read().map(Versioned::value).orElse(null);
    }

    /** Gives the member a BYOL license claimed at {@code at}. */
    LicenseAssignment license(Member m, int n, Instant at) {
        LicenseAssignment a = new LicenseAssignment(String.format("%064x", n), "license-" + n + ".lic", m.vmId(),
                m.scaleSet(), at);
        licenses.create(a);
        return a;
    }

    long count(Notification.Type type, Member m) {
        return notifications.stream().filter(n -> n.type() == type && m.vmId().value().equals(n.subject())).count();
    }

    /** Moves the clock {@code steps} heartbeat intervals on, the given members calling on time at each. */
    void intervals(int steps, Member... calling) {
        for (int i = 0; i < steps; i++) {
            clock.advance(INTERVAL);
            for (Member m : calling) {
                beat(m);
            }
        }
    }

    void advanceSeconds(double s) {
        clock.advanceSeconds(s);
    }
}
