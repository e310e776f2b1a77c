package com.fortinet.autoscale.domain.election;

import com.fortinet.autoscale.domain.StoreConflictException;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.health.ControllerGap;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.HealthRecords;
import com.fortinet.autoscale.domain.health.HealthRules;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.domain.notification.Notifications;
import com.fortinet.autoscale.domain.notification.Notifier;
import com.fortinet.autoscale.domain.settings.Settings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps exactly one healthy primary (behaviour §4). The election record changes only by compare-and-set; a
 * handler that loses the write adopts the winner's record, never its own candidate.
 *
 * <p>Before it elects because the primary fell silent, it asks whether the controller itself was away
 * ({@link ControllerGap}): then the silence is the controller's, the gap is recorded in the election record,
 * and nobody is elected for it.
 */
public final class ElectionService {
    private static final Logger LOG = Logger.getLogger(ElectionService.class.getName());

    private final HealthRecords records;
    private final ElectionRecords elections;
    private final ScaleSets scaleSets;
    private final Notifications notifications;
    private final AtomicBoolean announcedIdle = new AtomicBoolean();

    /** How resolving ended. */
    public enum Status {
        /** The primary is known (or none is eligible); {@code primary} says which. */
        SETTLED,
        /** An election is due, but the caller's record was not confirmed by a read: read it and ask again. */
        ELECTION_DUE,
        /** The controller found it had been away and recorded the gap: apply the rules again under it. */
        GAP_FOUND
    }

    /** The outcome of {@link #resolve}. */
    public record Resolution(Status status, Optional<Primary> primary) {
        static Resolution settled(Optional<Primary> p) {
            return new Resolution(Status.SETTLED, p);
        }
    }

    public ElectionService(HealthRecords records, ElectionRecords elections, ScaleSets scaleSets, Notifier notifier) {
        this.records = Objects.requireNonNull(records, "records");
        this.elections = Objects.requireNonNull(elections, "elections");
        this.scaleSets = Objects.requireNonNull(scaleSets, "scaleSets");
        this.notifications = new Notifications(Objects.requireNonNull(notifier, "notifier"));
    }

    /**
     * The primary the cluster has at {@code now}, electing one when needed and allowed.
     *
     * @param current          the election record as just read
     * @param pending          a health record about to be written (the heartbeat's own), which takes the place
     *                         of the stored one; may be null
     * @param pendingConfirmed whether {@code pending} was derived from a record read from the store now (not
     *                         from this process's copy): only then may an election follow from it
     */
    public Resolution resolve(Optional<Versioned<Primary>> current, HealthRecord pending, boolean pendingConfirmed,
                              Instant now, Settings settings, String cid) {
        if (current.isPresent()) {
            Primary primary = current.get().value();
            // A scaled-in primary is replaced at once, not announced until the next monitor run. The
            // membership lookup costs no store operation (the scale sets' read is cached).
            boolean member = scaleSets.find(primary.vmId()).isPresent();
            HealthRecord primaryRecord;
            if (pending != null && pending.vmId().equals(primary.vmId())) {
                primaryRecord = pending;
            } else if (member && primary.privateIp() != null && now.isBefore(primary.aliveUntil())) {
                // The lease says the primary cannot be lost yet: no need to read its record.
                return Resolution.settled(Optional.of(primary));
            } else {
                primaryRecord = stored(primary.vmId(), primary.lastGap(), settings);
            }
            if (member && !ElectionRules.needsElection(primary, primaryRecord, now, settings)) {
                return Resolution.settled(Optional.of(renewLeaseIfDue(current.get(), primaryRecord, now, settings)));
            }
        }
        if (!pendingConfirmed) {
            return new Resolution(Status.ELECTION_DUE, Optional.empty());
        }
        return elect(current, pending, now, settings, cid);
    }

    /**
     * {@link #resolve} for a caller whose pending record was read from the store (tests, races).
     */
    public Optional<Primary> resolve(Optional<Versioned<Primary>> current, HealthRecord pending, Instant now,
                                     Settings settings, String cid) {
        return resolve(current, pending, true, now, settings, cid).primary();
    }

    /**
     * Runs an election now unless the current primary is still fine (used by the health monitor and by
     * scaling events, which know the primary may be gone).
     */
    public Optional<Primary> ensurePrimary(Instant now, Settings settings, String cid) {
        Optional<Versioned<Primary>> current = elections.read();
        if (current.isPresent()) {
            Primary primary = current.get().value();
            HealthRecord primaryRecord = stored(primary.vmId(), primary.lastGap(), settings);
            boolean member = scaleSets.find(primary.vmId()).isPresent();
            if (member && !ElectionRules.needsElection(primary, primaryRecord, now, settings)) {
                return Optional.of(primary);
            }
            if (member && primaryRecord == null && primary.privateIp() != null && now.isBefore(primary.aliveUntil())) {
                // A first heartbeat writes the election record before its own record: within its lease, a
                // primary without a record is one being written, not one gone.
                return Optional.of(primary);
            }
        }
        return elect(current, null, now, settings, cid).primary();
    }

    /**
     * Asks whether the controller was away, when a caller saw a sign of it (a late heartbeat while the
     * watermark is stale, a health monitor run): reads every record (unless given), records a gap it finds, and
     * otherwise moves the watermark on to {@code now}, so the next late heartbeat does not ask again.
     *
     * @param stored every health record as just read, or null to read them
     * @return the election record after the check, and the gap found, if any
     */
    public Checked checkForGap(Versioned<Primary> current, List<HealthRecord> stored, Instant now, Settings settings,
                               String cid) {
        return checkForGap(current, stored, now, settings, cid, true);
    }

    /**
     * {@link #checkForGap}, moving the watermark on only when {@code advance}: a caller whose own reads the store
     * held up knows nothing of the time they took, so it looks for a gap without claiming that time.
     */
    public Checked checkForGap(Versioned<Primary> current, List<HealthRecord> stored, Instant now, Settings settings,
                               String cid, boolean advance) {
        List<HealthRecord> all = stored != null ? stored : readAll();
        Optional<ControllerGap> gap = ControllerGap.detect(all, current.value().lastGap(),
                current.value().recordedAt(), now, settings);
        if (gap.isPresent()) {
            return new Checked(recordGap(current, gap.get(), all, settings, cid), gap);
        }
        return new Checked(advance ? advanceWatermark(current, now) : Optional.of(current), Optional.empty());
    }

    /** What {@link #checkForGap} left: the election record, and the gap it recorded. */
    public record Checked(Optional<Versioned<Primary>> election, Optional<ControllerGap> gap) {}

    /**
     * Moves the watermark on to {@code now} (a health monitor run that went well). Losing the write to a
     * concurrent one is fine: whoever won wrote at least as recent a watermark, or elected.
     */
    public Optional<Versioned<Primary>> advanceWatermark(Versioned<Primary> current, Instant now) {
        if (!current.value().recordedAt().isBefore(now)) {
            return Optional.of(current);
        }
        try {
            return Optional.of(elections.replace(current.value().recordedAt(now), current.version()));
        } catch (StoreConflictException changed) {
            return elections.read();
        }
    }

    /**
     * The recorded primary {@code leaving} lost its configuration (it bootstrapped again): an election among the
     * others runs now, so that no secondary syncs a blank configuration. When no other FortiGate is eligible,
     * the record keeps naming it (nobody could take over) and it learns the role again from its heartbeats.
     *
     * @return the primary after the hand-over: another FortiGate, or still {@code leaving}; empty when none
     */
    public Optional<Primary> handOver(VmId leaving, Instant now, Settings settings, String cid) {
        Optional<Versioned<Primary>> current = elections.read();
        if (current.isEmpty() || !current.get().value().vmId().equals(leaving)) {
            return current.map(Versioned::value);
        }
        return elect(current, null, now, settings, cid, leaving).primary();
    }

    private Resolution elect(Optional<Versioned<Primary>> current, HealthRecord pending, Instant now,
                             Settings settings, String cid) {
        return elect(current, pending, now, settings, cid, null);
    }

    /** @param excluded a FortiGate that may not win (the primary handing over), or null */
    private Resolution elect(Optional<Versioned<Primary>> current, HealthRecord pending, Instant now,
                             Settings settings, String cid, VmId excluded) {
        List<HealthRecord> stored = readAll();
        if (current.isPresent() && excluded == null) {
            // A primary that fell silent with most of the cluster: suspect the controller, not the devices.
            Optional<ControllerGap> gap = ControllerGap.detect(stored, current.get().value().lastGap(),
                    current.get().value().recordedAt(), now, settings);
            if (gap.isPresent()) {
                return new Resolution(Status.GAP_FOUND,
                        recordGap(current.get(), gap.get(), stored, settings, cid).map(Versioned::value));
            }
        }
        ControllerGap lastGap = current.map(c -> c.value().lastGap()).orElse(null);
        Map<VmId, HealthRecord> all = new LinkedHashMap<>();
        for (HealthRecord r : stored) {
            all.put(r.vmId(), ControllerGap.excuse(r, lastGap, settings.heartbeatDelayAllowance()));
        }
        if (pending != null) {
            all.put(pending.vmId(), pending);
        }
        Optional<ElectionRules.Choice> winner = ElectionRules.chooseWithScore(all.values(), now, settings,
                vm -> !vm.equals(excluded) && scaleSets.find(vm).isPresent());
        if (winner.isEmpty() && excluded != null) {
            LOG.info(() -> "cid=" + cid + " no FortiGate but " + excluded + " is eligible: it stays primary");
            return Resolution.settled(current.map(Versioned::value));
        }
        if (winner.isEmpty() && all.isEmpty()) {
            // Nobody has called yet (a new deployment, an idle local runner): nothing is wrong.
            if (announcedIdle.compareAndSet(false, true)) {
                LOG.info(() -> "cid=" + cid + " no FortiGate has sent a heartbeat yet: no primary to elect");
            }
            return Resolution.settled(Optional.empty());
        }
        if (winner.isEmpty()) {
            notifications.send(Notification.Type.PRIMARY_UNDETERMINED, "cluster",
                    "no FortiGate is eligible to be primary", now, cid, "instances", all.size());
            return Resolution.settled(Optional.empty());
        }
        HealthRecord w = winner.get().winner();
        Score score = winner.get().score();
        Instant lease = HealthRules.lostAt(w, settings);
        Primary candidate = current
                .map(c -> c.value().succeededBy(w.vmId(), w.privateIp(), w.scalingGroup(), now, lease))
                .orElseGet(() -> new Primary(w.vmId(), w.privateIp(), w.scalingGroup(), 1, now, lease));
        try {
            if (current.isPresent()) {
                elections.replace(candidate, current.get().version());
            } else {
                elections.create(candidate);
            }
        } catch (StoreConflictException lost) {
            // Another handler elected first: its record is the truth.
            return Resolution.settled(elections.read().map(Versioned::value));
        }
        notifications.send(Notification.Type.PRIMARY_ELECTED, w.vmId().value(), "primary elected", now, cid,
                "privateIp", w.privateIp(), "scalingGroup", w.scalingGroup(), "term", candidate.term(),
                "previous", current.map(c -> c.value().vmId().value()).orElse(null),
                "criteria", score.describe(), "score", score.total(), "records", all.size());
        return Resolution.settled(Optional.of(candidate));
    }

    /**
     * Writes the gap into the election record, with the primary's lease extended as if the gap had not
     * happened; the handler whose write wins logs and notifies it, once.
     */
    private Optional<Versioned<Primary>> recordGap(Versioned<Primary> current, ControllerGap gap,
                                                   List<HealthRecord> stored, Settings settings, String cid) {
        Primary primary = current.value();
        Instant lease = gap.end();
        int silent = 0;
        for (HealthRecord r : stored) {
            HealthRecord excused = gap.excuse(r, settings.heartbeatDelayAllowance());
            if (r.vmId().equals(primary.vmId())) {
                lease = HealthRules.lostAt(excused, settings);
            }
            if (r.inSync() && HealthRules.isLate(r, gap.end(), settings)) {
                silent++;
            }
        }
        Versioned<Primary> written;
        try {
            written = elections.replace(primary.withGap(gap, lease), current.version());
        } catch (StoreConflictException raced) {
            // Another handler recorded it (or elected) first: its record is the truth.
            return elections.read();
        }
        long seconds = gap.length().toSeconds();
        LOG.log(Level.WARNING, "cid={0} controller-gap from={1} to={2} seconds={3} silent={4}/{5}:"
                        + " most FortiGates fell silent at once; the controller suspects itself and counts none of it",
                new Object[] {cid, gap.start(), gap.end(), seconds, silent, stored.size()});
        notifications.send(Notification.Type.CONTROLLER_GAP, "cluster",
                "heartbeats could not be recorded; the gap counts against no FortiGate", gap.end(), cid,
                "from", gap.start().toString(), "to", gap.end().toString(), "seconds", seconds,
                "silent", silent, "records", stored.size());
        return Optional.of(written);
    }

    /** The primary's stored record, as if the last controller gap had not happened; null when gone. */
    private HealthRecord stored(VmId vmId, ControllerGap gap, Settings settings) {
        return records.read(vmId).map(Versioned::value)
                .map(r -> ControllerGap.excuse(r, gap, settings.heartbeatDelayAllowance()))
                .orElse(null);
    }

    private List<HealthRecord> readAll() {
        List<HealthRecord> all = new ArrayList<>();
        for (Versioned<HealthRecord> v : records.readAll()) {
            all.add(v.value());
        }
        return all;
    }

    /**
     * Sets the primary's lease from its latest record when the lease would lapse before the primary's next
     * heartbeat is due (about every other heartbeat of the primary writes the election record), or when it
     * runs past the moment the primary would now count as lost: a primary that reports a shorter interval
     * than before is then detected on its new interval, not the old one. The write moves the watermark on.
     */
    private Primary renewLeaseIfDue(Versioned<Primary> current, HealthRecord primaryRecord, Instant now,
                                    Settings settings) {
        Primary primary = current.value();
        Instant nextDue = primaryRecord.nextExpected().plus(settings.heartbeatDelayAllowance());
        Instant lostAt = HealthRules.lostAt(primaryRecord, settings);
        if (!primary.aliveUntil().isBefore(nextDue) && !primary.aliveUntil().isAfter(lostAt)) {
            return primary;
        }
        Primary renewed = primary.withAliveUntil(lostAt, now);
        try {
            elections.replace(renewed, current.version());
            return renewed;
        } catch (StoreConflictException changed) {
            return elections.read().map(Versioned::value).orElse(primary);
        }
    }
}
