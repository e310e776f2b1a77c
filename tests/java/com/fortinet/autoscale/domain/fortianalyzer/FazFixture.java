package com.fortinet.autoscale.domain.fortianalyzer;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.health.HealthRules;
import com.fortinet.autoscale.domain.health.Heartbeat;
import com.fortinet.autoscale.domain.settings.SettingsProvider;

import com.fortinet.autoscale.adapter.memory.InMemoryHealthRecords;
import com.fortinet.autoscale.adapter.memory.InMemorySettingsStore;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A small cluster, its health records, settings and an in-memory FortiAnalyzer, for the FortiAnalyzer rules' tests. */
final class FazFixture {
    static final Member A = member("aaaaaaaa-0000-4000-8000-000000000001", "byol", "10.0.1.4");
    static final Member B = member("bbbbbbbb-0000-4000-8000-000000000002", "byol", "10.0.1.5");
    static final Member C = member("cccccccc-0000-4000-8000-000000000003", "payg", "10.0.1.6");
    /** A member of a scale set that has not sent a heartbeat yet. */
    static final Member SILENT = member("dddddddd-0000-4000-8000-000000000004", "payg", "10.0.1.7");
    static final String FOREIGN = "eeeeeeee-0000-4000-8000-000000000005";

    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    final StaticScaleSets scaleSets = new StaticScaleSets(List.of(A, B, C, SILENT));
    final InMemoryHealthRecords records = new InMemoryHealthRecords();
    final InMemorySettingsStore store;
    final SettingsProvider settings;
    final InMemoryFortiAnalyzer faz = new InMemoryFortiAnalyzer();
    final FazAuthorizationService service;

    FazFixture() {
        this(Map.of());
    }

    FazFixture(Map<String, String> overrides) {
        Map<String, String> raw = new HashMap<>();
        raw.put("enable-fortianalyzer-integration", "true");
        raw.put("fortigate-autoscale-virtual-network-cidr", "10.0.0.0/16");
        raw.putAll(overrides);
        store = new InMemorySettingsStore(raw);
        settings = new SettingsProvider(store, clock, Duration.ZERO);
        service = new FazAuthorizationService(() -> faz, scaleSets, records, settings);
        for (Member m : List.of(A, B, C)) {
            heartbeat(m);
        }
    }

    void heartbeat(Member m) {
        Heartbeat hb = new Heartbeat(m.vmId(), Duration.ofSeconds(30), 1L, null, null, null, null, null, null);
        records.create(HealthRules.first(hb, m, clock.instant()));
    }

    static Member member(String vmId, String set, String ip) {
        return new Member(VmId.of(vmId), set, set.equals("byol") ? Member.Licensing.BYOL : Member.Licensing.PAYG,
                "0", ip);
    }

    /** How the FortiAnalyzer names a FortiGate: by its hostname, the vmId without hyphens. */
    static String name(Member m) {
        return m.vmId().hostname();
    }
}
