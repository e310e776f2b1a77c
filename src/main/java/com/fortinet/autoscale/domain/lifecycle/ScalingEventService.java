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
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reacts to scale-set changes the platform reports (SPEC §2): cleans up at once what the health monitor
 * would clean up later ({@link InstanceCleanup}), and runs the election at once when the primary went, so a
 * planned scale-in does not wait for missed heartbeats. A delivery naming many VMs is handled as one
 * ({@link #handleAll}): one read of the records, one of the members, one clean-up, one election decision.
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
            return "outcome=" + status.name().toLowerCase(Locale.ROOT) + " "
                    + details(removed, licensesReleased, electionRan, primary);
        }
    }

    private static String details(List<VmId> removed, int licensesReleased, boolean electionRan,
                                  Optional<Primary> primary) {
        return "removed=" + removed.stream().map(VmId::value).collect(Collectors.joining(",", "[", "]"))
                + " licensesReleased=" + licensesReleased
                + (electionRan ? " election=" + primary.map(p -> p.vmId() + "/term" + p.term()).orElse("none") : "");
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

    /**
     * What handling a delivery did: an outcome per event, in the delivery's order (without the election,
     * which is the delivery's), and what the delivery did as a whole.
     *
     * @param events           per event: its status, and the vmIds it names that were cleaned up with their
     *                         licenses (an event naming a VM another event names too reports it as well)
     * @param removed          every record removed, once
     * @param licensesReleased every license released, once
     * @param electionRan      whether the delivery ran the election
     * @param primary          the primary after the delivery (empty when no event was about a managed scale set)
     */
    public record Delivery(List<Outcome> events, List<VmId> removed, int licensesReleased, boolean electionRan,
                           Optional<Primary> primary) {
        public Delivery {
            events = List.copyOf(events);
            removed = List.copyOf(removed);
        }

        /** How many events were about a managed scale set. */
        public int managed() {
            return (int) events.stream().filter(o -> o.status() != Status.IGNORED).count();
        }

        /** The delivery's totals for its log line; empty when no event was about a managed scale set. */
        public String summary() {
            return managed() == 0 ? "" : details(removed, licensesReleased, electionRan, primary);
        }
    }

    /** Handles one event; idempotent. */
    public Outcome handle(ScaleSetEvent event, String cid) {
        Delivery d = handleAll(List.of(event), cid);
        Outcome o = d.events().get(0);
        return new Outcome(o.status(), o.removed(), o.licensesReleased(), d.electionRan(), d.primary());
    }

    /**
     * Handles the events of one delivery together, as one event naming all their VMs would be: the health
     * records are read once, the scale sets' members once (after them, and only when a record is named), one
     * clean-up and one election decision, however many VMs the delivery names. Idempotent.
     */
    public Delivery handleAll(List<ScaleSetEvent> events, String cid) {
        if (events.isEmpty()) {
            return new Delivery(List.of(), List.of(), 0, false, Optional.empty());
        }
        Settings s = settings.current();
        List<ScaleSetEvent> managed = events.stream().filter(e -> managed(e, s)).toList();
        if (managed.isEmpty()) {
            return new Delivery(events.stream().map(e -> Outcome.ignored()).toList(), List.of(), 0, false,
                    Optional.empty());
        }
        // Records first, members after: see InstanceCleanup.
        List<HealthRecord> all = records.readAll().stream().map(Versioned::value).toList();
        Map<ScaleSetEvent, List<VmId>> named = new IdentityHashMap<>();
        Map<VmId, HealthRecord> anyNamed = new LinkedHashMap<>();
        for (ScaleSetEvent e : managed) {
            List<HealthRecord> mine = all.stream().filter(r -> names(e, r)).toList();
            named.put(e, mine.stream().map(HealthRecord::vmId).toList());
            mine.forEach(r -> anyNamed.put(r.vmId(), r));
        }
        Set<VmId> gone = new LinkedHashSet<>();
        if (!anyNamed.isEmpty()) {
            Set<VmId> members = scaleSets.members().stream().map(Member::vmId).collect(Collectors.toSet());
            Instant at = clock.instant();
            anyNamed.values().stream()
                    .filter(r -> Departure.hasDeparted(r, members, Departure.Evidence.PLATFORM_EVENT, at, s))
                    .forEach(r -> gone.add(r.vmId()));
        }
        InstanceCleanup.Removed removed = cleanup.remove(gone, cid);

        // The election runs at once when the primary left; also when the primary's record is already gone
        // (a repeat of a delivery whose first handling was interrupted before the election).
        Instant now = clock.instant();
        Optional<Versioned<Primary>> current = elections.read();
        boolean deleted = managed.stream().anyMatch(e -> e.kind() == ScaleSetEvent.Kind.DELETED);
        boolean elect = current.isPresent()
                && (gone.contains(current.get().value().vmId())
                    || deleted && records.read(current.get().value().vmId()).isEmpty());
        Optional<Primary> primary = elect ? election.ensurePrimary(now, s, cid) : current.map(Versioned::value);

        List<Outcome> outcomes = new ArrayList<>(events.size());
        for (ScaleSetEvent e : events) {
            List<VmId> mine = named.get(e);
            if (mine == null) {
                outcomes.add(Outcome.ignored());
                continue;
            }
            List<VmId> left = mine.stream().filter(gone::contains).toList();
            Status status = mine.isEmpty() ? Status.NO_RECORDS : left.isEmpty() ? Status.STILL_MEMBERS : Status.CLEANED;
            outcomes.add(new Outcome(status, removed.records().stream().filter(mine::contains).toList(),
                    removed.licensesReleased(left), false, Optional.empty()));
        }
        return new Delivery(outcomes, removed.records(), removed.licensesReleased(), elect, primary);
    }

    /** The record is one the event names: in its scale set, and its VM when it names one. */
    private static boolean names(ScaleSetEvent e, HealthRecord r) {
        return r.scalingGroup().equalsIgnoreCase(e.scaleSet()) && (!e.namesVm() || e.instanceId().equals(r.instanceId()));
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
