package com.fortinet.autoscale.domain.lifecycle;
import com.fortinet.autoscale.domain.Versioned;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.ScaleSetEvent;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.election.ElectionService;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.settings.SettingsProvider;

import com.fortinet.autoscale.domain.election.ElectionRecords;
import com.fortinet.autoscale.domain.health.HealthRecords;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reacts to scale-set changes the platform reports (SPEC §2): cleans up at once what the health monitor
 * would clean up later ({@link InstanceCleanup}), and runs the election at once when the primary went, so a
 * planned scale-in does not wait for missed heartbeats.
 *
 * <p>Deliveries may repeat and arrive out of order, so an event is a hint, never the truth: the records
 * the event names (by scale set and VMSS instance id) are removed only when their vmId is missing from
 * the scale sets' members read after the records. A repeat finds nothing left to do.
 */
public final class ScalingEventService {
    private final HealthRecords records;
    private final ElectionRecords elections;
    private final ScaleSets scaleSets;
    private final ElectionService election;
    private final InstanceCleanup cleanup;
    private final SettingsProvider settings;
    private final Clock clock;
    private final String resourceGroup;

    /** How an event was taken. */
    public enum Status {
        /** Not about a managed scale set. */
        IGNORED,
        /** About a managed scale set, but no health record matches it. */
        NO_RECORDS,
        /** The records it names belong to FortiGates that are still members. */
        STILL_MEMBERS,
        /** Records were removed. */
        CLEANED
    }

    /** What handling an event did. */
    public record Outcome(Status status, List<VmId> removed, int licensesReleased, boolean electionRan,
                          Optional<Primary> primary) {
        public Outcome {
            removed = List.copyOf(removed);
        }

        static Outcome ignored() {
            return new Outcome(Status.IGNORED, List.of(), 0, false, Optional.empty());
        }

        /** The outcome for a log line. */
        public String summary() {
            return "outcome=" + status.name().toLowerCase(Locale.ROOT)
                    + " removed=" + removed.stream().map(VmId::value).collect(Collectors.joining(",", "[", "]"))
                    + " licensesReleased=" + licensesReleased
                    + (electionRan ? " election=" + primary.map(p -> p.vmId() + "/term" + p.term()).orElse("none") : "");
        }
    }

    /**
     * @param resourceGroup the resource group holding the managed scale sets; null accepts any (local runner)
     */
    public ScalingEventService(HealthRecords records, ElectionRecords elections, ScaleSets scaleSets,
                               ElectionService election, InstanceCleanup cleanup, SettingsProvider settings,
                               Clock clock, String resourceGroup) {
        this.records = Objects.requireNonNull(records, "records");
        this.elections = Objects.requireNonNull(elections, "elections");
        this.scaleSets = Objects.requireNonNull(scaleSets, "scaleSets");
        this.election = Objects.requireNonNull(election, "election");
        this.cleanup = Objects.requireNonNull(cleanup, "cleanup");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.resourceGroup = resourceGroup == null || resourceGroup.isBlank() ? null : resourceGroup;
    }

    /** Handles one event; idempotent. */
    public Outcome handle(ScaleSetEvent event, String cid) {
        Settings s = settings.current();
        if (!managed(event, s)) {
            return Outcome.ignored();
        }
        // Records first, members after: see InstanceCleanup.
        List<HealthRecord> named = records.readAll().stream()
                .map(Versioned::value)
                .filter(r -> r.scalingGroup().equalsIgnoreCase(event.scaleSet()))
                .filter(r -> !event.namesVm() || event.instanceId().equals(r.instanceId()))
                .toList();
        List<VmId> gone = List.of();
        if (!named.isEmpty()) {
            Set<VmId> members = scaleSets.members().stream().map(Member::vmId).collect(Collectors.toSet());
            Instant at = clock.instant();
            gone = named.stream()
                    .filter(r -> Departure.hasDeparted(r, members, Departure.Evidence.PLATFORM_EVENT, at, s))
                    .map(HealthRecord::vmId)
                    .toList();
        }
        InstanceCleanup.Removed removed = cleanup.remove(gone, cid);

        // The election runs at once when the primary left; also when the primary's record is already gone
        // (a repeat of a delivery whose first handling was interrupted before the election).
        Instant now = clock.instant();
        Optional<Versioned<Primary>> current = elections.read();
        boolean elect = current.isPresent()
                && (gone.contains(current.get().value().vmId())
                    || event.kind() == ScaleSetEvent.Kind.DELETED && records.read(current.get().value().vmId()).isEmpty());
        Optional<Primary> primary = elect ? election.ensurePrimary(now, s, cid) : current.map(Versioned::value);
        Status status = named.isEmpty() ? Status.NO_RECORDS : gone.isEmpty() ? Status.STILL_MEMBERS : Status.CLEANED;
        return new Outcome(status, removed.records(), removed.licensesReleased(), elect, primary);
    }

    /** A managed scale set: one of the two named in the settings, in this deployment's resource group. */
    private boolean managed(ScaleSetEvent event, Settings s) {
        if (resourceGroup != null && !resourceGroup.equalsIgnoreCase(event.resourceGroup())) {
            return false;
        }
        return s.byolScalingGroup().filter(event.scaleSet()::equalsIgnoreCase).isPresent()
                || s.paygScalingGroup().filter(event.scaleSet()::equalsIgnoreCase).isPresent();
    }
}
