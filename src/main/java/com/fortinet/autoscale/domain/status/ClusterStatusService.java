package com.fortinet.autoscale.domain.status;

import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.election.ElectionRecords;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.health.ControllerGap;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.HealthRecords;
import com.fortinet.autoscale.domain.health.HealthRules;
import com.fortinet.autoscale.domain.licensing.LicenseAssignment;
import com.fortinet.autoscale.domain.licensing.LicenseUsage;
import com.fortinet.autoscale.domain.notification.EventHistory;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.domain.settings.NoValidSettingsException;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.settings.SettingsProvider;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The operator's view of the cluster (behaviour §2 {@code cluster-status}): the primary, every FortiGate's
 * health and license, and the recent events. Read only; an operator's call, never on a FortiGate's path.
 */
public final class ClusterStatusService {
    /** How many recent events a view shows unless asked otherwise. */
    public static final int DEFAULT_EVENTS = 20;

    private final HealthRecords records;
    private final ElectionRecords elections;
    private final SettingsProvider settings;
    private final Clock clock;
    private final EventHistory history;
    private final LicenseUsage licenses;

    /**
     * The cluster view at {@code at}; events newest first. {@code problems} lists what is wrong with the stored
     * settings (each bad key); while there are no good settings at all, health is shown by the default rules.
     */
    public record View(Primary primary, List<Instance> instances, List<Event> events, Instant at,
                       List<String> problems) {}

    /**
     * One FortiGate as operators see it.
     *
     * @param license the BYOL license file it holds, or null
     */
    public record Instance(String vmId, String scalingGroup, String privateIp, boolean healthy, boolean lost,
                           String syncState, int lossCount, long missed, Instant lastArrival, boolean primary,
                           String license) {}

    /**
     * One notification of the history.
     *
     * @param subject the FortiGate's vmId, or {@code cluster}
     * @param details for an election: {@code previous} (the former primary), {@code term}, {@code privateIp},
     *                {@code scalingGroup}, {@code criteria}, {@code score}; the winner is the subject
     */
    public record Event(Instant time, String event, String subject, String message, Map<String, Object> details) {
        static Event of(Notification n) {
            return new Event(n.time(), n.type().wireName(), n.subject(), n.message(), n.details());
        }
    }

    public ClusterStatusService(HealthRecords records, ElectionRecords elections, SettingsProvider settings,
                                Clock clock, EventHistory history, LicenseUsage licenses) {
        this.records = Objects.requireNonNull(records, "records");
        this.elections = Objects.requireNonNull(elections, "elections");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.history = Objects.requireNonNull(history, "history");
        this.licenses = Objects.requireNonNull(licenses, "licenses");
    }

    private Settings settingsOrDefaults() {
        try {
            return settings.current();
        } catch (NoValidSettingsException e) {
            // Operators need this view most exactly then: answer, and say what is wrong.
            return Settings.defaults();
        }
    }

    /** The view with the {@value #DEFAULT_EVENTS} most recent events. */
    public View view() {
        return view(DEFAULT_EVENTS);
    }

    /**
     * The view with the {@code events} most recent events.
     *
     * @param events 0 to {@link EventHistory#MAX_RECENT}
     */
    public View view(int events) {
        EventHistory.checkLimit(events);
        Instant now = clock.instant();
        Settings s = settingsOrDefaults();
        List<String> problems = settings.problems();
        Primary primary = elections.read().map(Versioned::value).orElse(null);
        Map<String, LicenseAssignment> licenseOf = new HashMap<>();
        for (Versioned<LicenseAssignment> a : licenses.readAll()) {
            // a FortiGate that briefly held two keeps the newer one (behaviour §6)
            licenseOf.merge(a.value().vmId().value(), a.value(),
                    (x, y) -> x.assignedAt().isAfter(y.assignedAt()) ? x : y);
        }
        List<Instance> instances = records.readAll().stream()
                .map(Versioned::value)
                .map(r -> ControllerGap.excuse(r, primary == null ? null : primary.lastGap(), s.heartbeatDelayAllowance()))
                .sorted(Comparator.comparing(HealthRecord::vmId))
                .map(r -> new Instance(r.vmId().value(), r.scalingGroup(), r.privateIp(),
                        HealthRules.isHealthy(r, now, s), HealthRules.isLost(r, now, s), r.syncState().wireName(),
                        r.lossCount(),
                        HealthRules.missed(r, now, s.heartbeatDelayAllowance()), r.lastArrival(),
                        primary != null && primary.vmId().equals(r.vmId()),
                        fileName(licenseOf.get(r.vmId().value()))))
                .toList();
        List<Event> recent = events == 0 ? List.of() : history.recent(events).stream().map(Event::of).toList();
        return new View(primary, instances, recent, now, problems);
    }

    private static String fileName(LicenseAssignment a) {
        return a == null ? null : a.fileName();
    }
}
