package com.fortinet.autoscale.support;

import com.fortinet.autoscale.adapter.memory.InMemoryElectionRecords;
import com.fortinet.autoscale.adapter.memory.InMemoryEventHistory;
import com.fortinet.autoscale.adapter.memory.InMemoryHealthRecords;
import com.fortinet.autoscale.adapter.memory.InMemoryLicenseUsage;
import com.fortinet.autoscale.adapter.memory.InMemorySettingsStore;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.health.Heartbeat;
import com.fortinet.autoscale.domain.heartbeat.HeartbeatService;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.election.ElectionRecords;
import com.fortinet.autoscale.domain.election.ElectionService;
import com.fortinet.autoscale.domain.settings.SettingsProvider;
import com.fortinet.autoscale.domain.health.HealthRecords;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole app on in-memory adapters (or the given stores) with a hand-moved clock, counted store
 * operations and recorded notifications: the domain driven as the functions drive it.
 */
public final class TestCluster {
    public final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    public final StaticScaleSets scaleSets;
    public final RecordingNotifier notifier = new RecordingNotifier();
    public final CountingStores stores;
    public final InMemorySettingsStore settingsStore;
    /** The settings the app reads, through the same provider (so a test can invalidate them). */
    public final SettingsProvider settings;
    /** An election service over the same stores, as a second handler would run it. */
    public final ElectionService election;
    /** The license usage the app writes. */
    public final InMemoryLicenseUsage licenseUsage = new InMemoryLicenseUsage();
    /** The event history the app's notifier appends to. */
    public final InMemoryEventHistory eventHistory = new InMemoryEventHistory();
    public final App app;

    public TestCluster(List<Member> members, Map<String, String> settings) {
        this(members, settings, new InMemoryHealthRecords(), new InMemoryElectionRecords());
    }

    public TestCluster(List<Member> members, Map<String, String> settings, HealthRecords health,
                       ElectionRecords election) {
        Map<String, String> all = new HashMap<>();
        all.put("byol-scaling-group-name", "byol");
        all.put("payg-scaling-group-name", "payg");
        all.put("autoscale-handler-url", "https://example.test/api/fgt-as-handler");
        all.put("fortigate-psk-secret", "s3cret-psk");
        all.put("fortigate-autoscale-virtual-network-cidr", "10.0.0.0/16");
        all.putAll(settings);
        this.scaleSets = new StaticScaleSets(members);
        this.stores = new CountingStores(health, election);
        this.settingsStore = new InMemorySettingsStore(all);
        this.settings = new SettingsProvider(settingsStore, clock, Duration.ofDays(1));
        this.election = new ElectionService(stores.health(), stores.election(), scaleSets, notifier);
        this.app = App.builder(AppSettings.of(Map.of()))
                .clock(clock)
                .healthRecords(stores.health())
                .electionRecords(stores.election())
                .scaleSets(scaleSets)
                .notifier(notifier)
                .settings(this.settings)
                .licenseUsage(licenseUsage)
                .eventHistory(eventHistory)
                .build();
    }

    /**
     * Another function instance of the same cluster: the same stores, scale sets, settings, clock and
     * notifications, but its own per-process caches (the versions it last wrote, its settings copy).
     */
    public App anotherInstance() {
        return App.builder(AppSettings.of(Map.of()))
                .clock(clock)
                .healthRecords(stores.health())
                .electionRecords(stores.election())
                .scaleSets(scaleSets)
                .notifier(notifier)
                .settingsStore(settingsStore)
                .settingsTtl(Duration.ofDays(1))
                .build();
    }

    public HeartbeatService.Result beat(Heartbeat hb) {
        return app.heartbeats().handle(hb, "test");
    }

    /** The health records the app writes (counted). */
    public HealthRecords healthRecords() {
        return stores.health();
    }

    /** The election record the app writes (counted). */
    public ElectionRecords electionRecords() {
        return stores.election();
    }

    public Optional<Primary> primary() {
        return stores.election().read().map(Versioned::value);
    }

    public Optional<com.fortinet.autoscale.domain.health.HealthRecord> record(VmId vmId) {
        return stores.health().read(vmId).map(Versioned::value);
    }
}
