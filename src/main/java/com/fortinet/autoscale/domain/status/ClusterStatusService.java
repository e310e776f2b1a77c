package com.fortinet.autoscale.domain.status;
import com.fortinet.autoscale.domain.Versioned;

import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.health.ControllerGap;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.HealthRules;
import com.fortinet.autoscale.domain.settings.NoValidSettingsException;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.settings.SettingsProvider;

import com.fortinet.autoscale.domain.election.ElectionRecords;
import com.fortinet.autoscale.domain.health.HealthRecords;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** The operator's view of the cluster (SPEC §2 {@code cluster-status}). */
public final class ClusterStatusService {
    private final HealthRecords records;
    private final ElectionRecords elections;
    private final SettingsProvider settings;
    private final Clock clock;

    /**
     * The cluster view. {@code problems} lists what is wrong with the stored settings (each bad key); while
     * there are no good settings at all, health is shown by the default rules.
     */
    public record View(Primary primary, List<Instance> instances, Instant at, List<String> problems) {
        public View(Primary primary, List<Instance> instances, Instant at) {
            this(primary, instances, at, List.of());
        }
    }

    /** One FortiGate as operators see it. */
    public record Instance(String vmId, String scalingGroup, String privateIp, boolean healthy, String syncState,
                           int lossCount, long missed, Instant lastArrival, boolean primary) {}

    public ClusterStatusService(HealthRecords records, ElectionRecords elections, SettingsProvider settings,
                                Clock clock) {
        this.records = Objects.requireNonNull(records, "records");
        this.elections = Objects.requireNonNull(elections, "elections");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private Settings settingsOrDefaults() {
        try {
            return settings.current();
        } catch (NoValidSettingsException e) {
            // Operators need this view most exactly then: answer, and say what is wrong.
            return Settings.defaults();
        }
    }

    public View view() {
        Instant now = clock.instant();
        Settings s = settingsOrDefaults();
        List<String> problems = settings.problems();
        Primary primary = elections.read().map(Versioned::value).orElse(null);
        List<Instance> instances = records.readAll().stream()
                .map(Versioned::value)
                .map(r -> ControllerGap.excuse(r, primary == null ? null : primary.lastGap(), s.heartbeatDelayAllowance()))
                .sorted(Comparator.comparing(HealthRecord::vmId))
                .map(r -> new Instance(r.vmId().value(), r.scalingGroup(), r.privateIp(),
                        HealthRules.isHealthy(r, now, s), r.syncState().wireName(), r.lossCount(),
                        HealthRules.missed(r, now, s.heartbeatDelayAllowance()), r.lastArrival(),
                        primary != null && primary.vmId().equals(r.vmId())))
                .toList();
        return new View(primary, instances, now, problems);
    }
}
