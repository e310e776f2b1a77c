package com.fortinet.autoscale.domain.lifecycle;
import com.fortinet.autoscale.domain.StoreConflictException;
import com.fortinet.autoscale.domain.Versioned;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.election.ElectionService;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.election.ElectionRecords;
import com.fortinet.autoscale.domain.health.ControllerGap;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.HealthRules;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.domain.notification.Notifications;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.settings.SettingsProvider;

import com.fortinet.autoscale.domain.health.HealthRecords;
import com.fortinet.autoscale.domain.notification.Notifier;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The scheduled health monitor (behaviour §3, §4, §6). One run first asks whether the controller itself was
 * away ({@link ControllerGap}; a gap found is recorded and counts against nobody) and moves the controller's
 * watermark on, then:
 * <ol>
 *   <li>removes the records of FortiGates that are no longer in any scale set and are silent, and releases
 *       their licenses ({@link InstanceCleanup}); also releases licenses of other vmIds in no scale set;</li>
 *   <li>marks silent FortiGates out-of-sync ({@code lossCount + missed(now) >= heartbeat-loss-count}) and
 *       notifies {@code vm-unhealthy};</li>
 *   <li>elects a primary when the current one is gone, unhealthy or lost;</li>
 *   <li>with {@code terminate-unhealthy-vm}, deletes out-of-sync members from their scale set, within the
 *       termination budget ({@link #terminateWithinBudget}).</li>
 * </ol>
 *
 * <p>Idempotent and safe while heartbeats run: a record is marked by a replace conditional on the version
 * read; on a conflict the record is read again and the rule re-applied, so a heartbeat that just arrived
 * wins (its device is no longer silent). A record is removed only when its vmId is missing from members
 * read after the records, and it is silent too, so a FortiGate that is still sending heartbeats is never
 * cleaned up because one membership read lagged.
 */
public final class HealthMonitor {
    private static final Logger LOG = Logger.getLogger(HealthMonitor.class.getName());
    private static final int MAX_ATTEMPTS = 5;
    /** Reads that took longer than this were held up by the store (they take milliseconds). */
    private static final Duration HELD_UP = Duration.ofSeconds(1);

    private final HealthRecords records;
    private final ElectionRecords elections;
    private final ScaleSets scaleSets;
    private final ElectionService election;
    private final InstanceCleanup cleanup;
    private final SettingsProvider settings;
    private final Clock clock;
    private final Notifications notifications;
    /** Per configured scale set, when this process first read it empty (a hint that only delays clean-up). */
    private final Map<String, Instant> emptySince = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * What one run did.
     *
     * @param records          health records read
     * @param members          members of the scale sets, -1 when the platform could not be read (then nothing
     *                         was removed or terminated)
     * @param markedUnhealthy  FortiGates this run marked out-of-sync
     * @param terminated       FortiGates this run asked their scale set to delete
     * @param removed          records removed (FortiGates no longer in any scale set)
     * @param licensesReleased licenses released (of removed FortiGates, and orphans)
     * @param conflicts        conditional writes that lost to a concurrent heartbeat and were re-applied
     * @param primary          the primary after the run, empty when none is eligible
     * @param took             how long the run took
     */
    public record Report(int records, int members, List<VmId> markedUnhealthy, List<VmId> terminated,
                         List<VmId> removed, int licensesReleased, int conflicts, Optional<Primary> primary,
                         Duration took) {
        public Report {
            markedUnhealthy = List.copyOf(markedUnhealthy);
            terminated = List.copyOf(terminated);
            removed = List.copyOf(removed);
        }

        /** The run as one log line. */
        public String line() {
            return String.format(Locale.ROOT,
                    "health-monitor records=%d members=%s unhealthy=%s terminated=%s removed=%s licensesReleased=%d"
                            + " conflicts=%d primary=%s ms=%d",
                    records, members < 0 ? "unavailable" : String.valueOf(members), ids(markedUnhealthy),
                    ids(terminated), ids(removed), licensesReleased, conflicts,
                    primary.map(p -> p.vmId() + "/term" + p.term()).orElse("none"), took.toMillis());
        }

        private static String ids(List<VmId> vms) {
            return vms.stream().map(VmId::value).collect(Collectors.joining(",", "[", "]"));
        }
    }

    public HealthMonitor(HealthRecords records, ElectionRecords elections, ScaleSets scaleSets,
                         ElectionService election, InstanceCleanup cleanup, SettingsProvider settings, Clock clock,
                         Notifier notifier) {
        this.records = Objects.requireNonNull(records, "records");
        this.elections = Objects.requireNonNull(elections, "elections");
        this.scaleSets = Objects.requireNonNull(scaleSets, "scaleSets");
        this.election = Objects.requireNonNull(election, "election");
        this.cleanup = Objects.requireNonNull(cleanup, "cleanup");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.notifications = new Notifications(Objects.requireNonNull(notifier, "notifier"));
    }

    /** One run of the monitor. */
    public Report run(String cid) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        Settings s = settings.current();

        // Records first, members after: see InstanceCleanup.
        List<Versioned<HealthRecord>> all = records.readAll();
        Map<VmId, Member> members = readMembers(cid);
        if (members != null && membershipAnomaly(all, members, now, s, cid)) {
            members = null; // no new information: nothing removed, released or terminated this run
        }

        // Was the controller itself away? Then nobody is judged for that time; the check also moves the
        // watermark on ("the monitor's last good run").
        ControllerGap gap = null;
        boolean gapFound = false;
        Optional<Versioned<Primary>> current = elections.read();
        // Reads the store held up are no evidence that the controller was recording meanwhile: then the run
        // looks for a gap as of when they came back and does not move the watermark on.
        Instant read = clock.instant();
        boolean heldUp = Duration.between(now, read).compareTo(HELD_UP) > 0;
        if (heldUp) {
            LOG.log(Level.INFO, "cid={0} health-monitor: the store took {1} ms to answer; the controller''s"
                    + " watermark stays", new Object[] {cid, Duration.between(now, read).toMillis()});
        }
        if (current.isPresent()) {
            ElectionService.Checked checked = election.checkForGap(current.get(),
                    all.stream().map(Versioned::value).toList(), heldUp ? read : now, s, cid, !heldUp);
            gapFound = checked.gap().isPresent();
            gap = checked.election().map(v -> v.value().lastGap()).orElse(current.get().value().lastGap());
        }
        Duration allowance = s.heartbeatDelayAllowance();

        List<VmId> removed = List.of();
        int licensesReleased = 0;
        Set<VmId> departed = new HashSet<>();
        if (members != null) {
            for (Versioned<HealthRecord> v : all) {
                HealthRecord r = ControllerGap.excuse(v.value(), gap, allowance);
                if (Departure.hasDeparted(r, members.keySet(), Departure.Evidence.SILENCE, now, s)) {
                    departed.add(r.vmId());
                }
            }
            InstanceCleanup.Removed gone = cleanup.remove(departed, cid);
            removed = gone.records();
            licensesReleased = gone.licensesReleased() + cleanup.releaseOrphanLicenses(members.keySet(), cid);
        }

        List<VmId> marked = new ArrayList<>();
        int[] conflicts = {0};
        List<HealthRecord> outOfSync = new ArrayList<>();
        List<HealthRecord> standing = new ArrayList<>();
        for (Versioned<HealthRecord> v : all) {
            if (departed.contains(v.value().vmId())) {
                continue;
            }
            HealthRecord after = markIfSilent(v, gap, now, s, cid, marked, conflicts);
            if (after != null) {
                standing.add(after);
                if (!after.inSync()) {
                    outOfSync.add(after);
                }
            }
        }

        Optional<Primary> primary = election.ensurePrimary(now, s, cid);

        List<VmId> terminated = new ArrayList<>();
        if (s.terminateUnhealthyVm() && members != null) {
            // The primary the election record names, even when this run found nobody eligible to replace it.
            Optional<VmId> named = elections.read().map(v -> v.value().vmId());
            terminated = terminateWithinBudget(outOfSync, standing, members, named, gap, gapFound, now, s, cid);
        }
        return new Report(all.size(), members == null ? -1 : members.size(), marked, terminated, removed,
                licensesReleased, conflicts[0], primary, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Deletes out-of-sync members, at most {@code unhealthy-vm-termination-budget} per run, and never: during a
     * run that found a controller gap; the primary (an out-of-sync primary still named after this run's
     * election has no healthy replacement); a FortiGate whose scale set would be left with no healthy one.
     * Every deletion is logged with its evidence.
     */
    private List<VmId> terminateWithinBudget(List<HealthRecord> outOfSync, List<HealthRecord> standing,
                                             Map<VmId, Member> members, Optional<VmId> primary, ControllerGap gap,
                                             boolean gapFound, Instant now, Settings s, String cid) {
        List<VmId> terminated = new ArrayList<>();
        if (outOfSync.isEmpty()) {
            return terminated;
        }
        if (gapFound) {
            LOG.log(Level.WARNING, "cid={0} health-monitor: controller gap found, no FortiGate terminated this run",
                    cid);
            return terminated;
        }
        int budget = s.terminationBudget();
        Duration allowance = s.heartbeatDelayAllowance();
        for (HealthRecord r : outOfSync) {
            Member m = members.get(r.vmId());
            if (m == null) {
                continue;
            }
            String why = null;
            if (terminated.size() >= budget) {
                why = "termination budget of " + budget + " per run spent";
            } else if (primary.filter(r.vmId()::equals).isPresent()) {
                why = "it is still the primary: no healthy replacement elected";
            } else if (standing.stream().noneMatch(o -> !o.vmId().equals(r.vmId())
                    && o.scalingGroup().equals(r.scalingGroup()) && members.containsKey(o.vmId())
                    && HealthRules.isHealthy(ControllerGap.excuse(o, gap, allowance), now, s))) {
                why = "it would leave scale set " + r.scalingGroup() + " without a healthy FortiGate";
            }
            long missed = HealthRules.missed(ControllerGap.excuse(r, gap, allowance), now, allowance);
            if (why != null) {
                LOG.log(Level.WARNING, "cid={0} health-monitor: not terminating {1}: {2}",
                        new Object[] {cid, r.vmId(), why});
                continue;
            }
            if (terminate(m, cid)) {
                terminated.add(m.vmId());
                LOG.log(Level.WARNING, "cid={0} health-monitor: terminated {1} of {2}: out-of-sync lossCount={3}"
                                + " missed={4} lastArrival={5}",
                        new Object[] {cid, r.vmId(), r.scalingGroup(), r.lossCount(), missed, r.lastArrival()});
                notifications.terminated(m, "out-of-sync: lossCount=" + r.lossCount() + " missed=" + missed
                        + " lastArrival=" + r.lastArrival(), now, cid);
            }
        }
        return terminated;
    }

    /**
     * A configured scale set that reads empty while health records or held licenses name it: an anomaly (an
     * ARM 404, a read that lost a set), unless it has read empty for {@code empty-scale-set-confirmation}
     * already (a real scale-in to zero, confirmed by two reads that far apart). Logged SEVERE and notified once
     * per episode. Licenses count for the BYOL set (only its FortiGates hold licenses; a license that names no
     * set counts for it too), because a BYOL FortiGate claims its license at first boot, before its first
     * heartbeat. They are read only when the BYOL set reads empty and no record names it, so a steady run (and
     * a PAYG set at zero) reads no licenses for this.
     */
    private boolean membershipAnomaly(List<Versioned<HealthRecord>> all, Map<VmId, Member> members, Instant now,
                                      Settings s, String cid) {
        List<String> suspicious = new ArrayList<>();
        for (Optional<String> configured : List.of(s.byolScalingGroup(), s.paygScalingGroup())) {
            if (configured.isEmpty()) {
                continue;
            }
            String set = configured.get();
            boolean listed = members.values().stream().anyMatch(m -> m.scaleSet().equalsIgnoreCase(set));
            boolean named = !listed && all.stream().anyMatch(v -> v.value().scalingGroup().equalsIgnoreCase(set));
            if (!listed && !named && s.byolScalingGroup().filter(set::equalsIgnoreCase).isPresent()) {
                named = cleanup.scaleSetsHoldingLicenses().stream()
                        .anyMatch(g -> g.isEmpty() || g.equalsIgnoreCase(set));
            }
            if (listed || !named) {
                emptySince.remove(set);
                continue;
            }
            Instant since = emptySince.computeIfAbsent(set, k -> now);
            if (Duration.between(since, now).compareTo(s.emptyScaleSetConfirmation()) < 0) {
                suspicious.add(set);
                if (since.equals(now)) {
                    notifications.send(Notification.Type.MEMBERSHIP_ANOMALY, set,
                            "a configured scale set read empty while FortiGates of it have records or hold"
                                    + " licenses", now, cid,
                            "scaleSet", set, "confirmAfterSeconds", s.emptyScaleSetConfirmation().toSeconds());
                }
            }
        }
        if (suspicious.isEmpty()) {
            return false;
        }
        LOG.log(Level.SEVERE, "cid={0} membership-anomaly scaleSets={1}: read empty while records or licenses name"
                + " them; nothing removed, released or terminated until reads {2} s apart agree", new Object[] {cid,
                suspicious, s.emptyScaleSetConfirmation().toSeconds()});
        return true;
    }

    private Map<VmId, Member> readMembers(String cid) {
        try {
            Map<VmId, Member> byVmId = new HashMap<>();
            for (Member m : scaleSets.members()) {
                byVmId.put(m.vmId(), m);
            }
            return byVmId;
        } catch (RuntimeException e) {
            // Without a membership read nothing may be removed or terminated; silence is still tracked.
            LOG.log(Level.WARNING, "cid={0} health-monitor: scale sets unreadable, skipping clean-up: {1}",
                    new Object[] {cid, e.toString()});
            return null;
        }
    }

    /**
     * Marks the record out-of-sync when it is in-sync but silent for too long. The loss count is left as the
     * heartbeats counted it: the heartbeat path adds {@code missed(arrival)} when the device speaks again, and
     * counting the same silence here too would count it twice.
     *
     * @return the record as it stands after this step, null when it is gone
     */
    private HealthRecord markIfSilent(Versioned<HealthRecord> read, ControllerGap gap, Instant now, Settings s,
                                      String cid, List<VmId> marked, int[] conflicts) {
        Versioned<HealthRecord> current = read;
        for (int attempt = 0; attempt < MAX_ATTEMPTS && current != null; attempt++) {
            HealthRecord r = current.value();
            // Judged as if the controller's own gap had not happened; written as stored.
            HealthRecord judged = ControllerGap.excuse(r, gap, s.heartbeatDelayAllowance());
            long missed = HealthRules.missed(judged, now, s.heartbeatDelayAllowance());
            if (!r.inSync() || HealthRules.isHealthy(judged, now, s)) {
                return r;
            }
            HealthRecord next = r.markedOutOfSync(r.lossCount(), s.syncRecoveryCount());
            try {
                records.replace(next, current.version());
            } catch (StoreConflictException changed) {
                // A heartbeat (or another monitor) wrote first: decide again on what is stored now.
                conflicts[0]++;
                current = records.read(r.vmId()).orElse(null);
                continue;
            }
            marked.add(r.vmId());
            notifications.send(Notification.Type.VM_UNHEALTHY, r.vmId().value(),
                    "FortiGate is silent: marked out-of-sync", now, cid,
                    "missed", missed, "lossCount", r.lossCount(), "lastArrival", r.lastArrival().toString(),
                    "privateIp", r.privateIp(), "scalingGroup", r.scalingGroup());
            return next;
        }
        if (current != null) {
            LOG.log(Level.WARNING, "cid={0} health-monitor: {1} kept changing, left for the next run",
                    new Object[] {cid, read.value().vmId()});
            return current.value();
        }
        return null;
    }

    private boolean terminate(Member m, String cid) {
        try {
            scaleSets.terminate(m);
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cid={0} health-monitor: terminating {1} failed: {2}",
                    new Object[] {cid, m.vmId(), e.toString()});
            return false;
        }
    }
}
