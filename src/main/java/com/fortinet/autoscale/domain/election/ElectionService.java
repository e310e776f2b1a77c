package com.fortinet.autoscale.domain.election;
import com.fortinet.autoscale.domain.StoreConflictException;
import com.fortinet.autoscale.domain.Versioned;

import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.HealthRules;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.domain.notification.Notifications;
import com.fortinet.autoscale.domain.settings.Settings;

import com.fortinet.autoscale.domain.health.HealthRecords;
import com.fortinet.autoscale.domain.notification.Notifier;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Keeps exactly one healthy primary (SPEC §4). The election record changes only by compare-and-set; a
 * handler that loses the write adopts the winner's record, never its own candidate.
 */
public final class ElectionService {
    private static final Logger LOG = Logger.getLogger(ElectionService.class.getName());
    private final HealthRecords records;
    private final ElectionRecords elections;
    private final ScaleSets scaleSets;
    private final Notifications notifications;
    private final AtomicBoolean announcedIdle = new AtomicBoolean();

    public ElectionService(HealthRecords records, ElectionRecords elections, ScaleSets scaleSets, Notifier notifier) {
        this.records = Objects.requireNonNull(records, "records");
        this.elections = Objects.requireNonNull(elections, "elections");
        this.scaleSets = Objects.requireNonNull(scaleSets, "scaleSets");
        this.notifications = new Notifications(Objects.requireNonNull(notifier, "notifier"));
    }

    /**
     * The primary the cluster has at {@code now}, electing one when needed.
     *
     * @param current the election record as just read
     * @param pending a health record about to be written (the heartbeat's own), which takes the place of the
     *                stored one; may be null
     * @return the primary, or empty when there is none and no FortiGate is eligible
     */
    public Optional<Primary> resolve(Optional<Versioned<Primary>> current, HealthRecord pending, Instant now,
                                     Settings settings, String cid) {
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
                return Optional.of(primary);
            } else {
                primaryRecord = records.read(primary.vmId()).map(Versioned::value).orElse(null);
            }
            if (member && !ElectionRules.needsElection(primary, primaryRecord, now, settings)) {
                return Optional.of(renewLeaseIfDue(current.get(), primaryRecord, settings));
            }
        }
        return elect(current, pending, now, settings, cid);
    }

    /**
     * Runs an election now unless the current primary is still fine (used by the health monitor and by
     * scaling events, which know the primary may be gone).
     */
    public Optional<Primary> ensurePrimary(Instant now, Settings settings, String cid) {
        Optional<Versioned<Primary>> current = elections.read();
        if (current.isPresent()) {
            Primary primary = current.get().value();
            HealthRecord primaryRecord = records.read(primary.vmId()).map(Versioned::value).orElse(null);
            boolean member = scaleSets.find(primary.vmId()).isPresent();
            if (member && !ElectionRules.needsElection(primary, primaryRecord, now, settings)) {
                return Optional.of(primary);
            }
        }
        return elect(current, null, now, settings, cid);
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
        return elect(current, null, now, settings, cid, leaving);
    }

    private Optional<Primary> elect(Optional<Versioned<Primary>> current, HealthRecord pending, Instant now,
                                    Settings settings, String cid) {
        return elect(current, pending, now, settings, cid, null);
    }

    /** @param excluded a FortiGate that may not win (the primary handing over), or null */
    private Optional<Primary> elect(Optional<Versioned<Primary>> current, HealthRecord pending, Instant now,
                                    Settings settings, String cid, VmId excluded) {
        Map<VmId, HealthRecord> all = new LinkedHashMap<>();
        for (Versioned<HealthRecord> v : records.readAll()) {
            all.put(v.value().vmId(), v.value());
        }
        if (pending != null) {
            all.put(pending.vmId(), pending);
        }
        Optional<ElectionRules.Choice> winner = ElectionRules.chooseWithScore(all.values(), now, settings,
                vm -> !vm.equals(excluded) && scaleSets.find(vm).isPresent());
        if (winner.isEmpty() && excluded != null) {
            LOG.info(() -> "cid=" + cid + " no FortiGate but " + excluded + " is eligible: it stays primary");
            return current.map(Versioned::value);
        }
        if (winner.isEmpty() && all.isEmpty()) {
            // Nobody has called yet (a new deployment, an idle local runner): nothing is wrong.
            if (announcedIdle.compareAndSet(false, true)) {
                LOG.info(() -> "cid=" + cid + " no FortiGate has sent a heartbeat yet: no primary to elect");
            }
            return Optional.empty();
        }
        if (winner.isEmpty()) {
            notifications.send(Notification.Type.PRIMARY_UNDETERMINED, "cluster",
                    "no FortiGate is eligible to be primary", now, cid, "instances", all.size());
            return Optional.empty();
        }
        HealthRecord w = winner.get().winner();
        Score score = winner.get().score();
        long term = current.map(c -> c.value().term() + 1).orElse(1L);
        Primary candidate = new Primary(w.vmId(), w.privateIp(), w.scalingGroup(), term, now,
                HealthRules.lostAt(w, settings));
        try {
            if (current.isPresent()) {
                elections.replace(candidate, current.get().version());
            } else {
                elections.create(candidate);
            }
        } catch (StoreConflictException lost) {
            // Another handler elected first: its record is the truth.
            return elections.read().map(Versioned::value);
        }
        notifications.send(Notification.Type.PRIMARY_ELECTED, w.vmId().value(), "primary elected", now, cid,
                "privateIp", w.privateIp(), "scalingGroup", w.scalingGroup(), "term", term,
                "previous", current.map(c -> c.value().vmId().value()).orElse(null),
                "criteria", score.describe(), "score", score.total(), "records", all.size());
        return Optional.of(candidate);
    }

    /**
     * Sets the primary's lease from its latest record when the lease would lapse before the primary's next
     * heartbeat is due (about every other heartbeat of the primary writes the election record), or when it
     * runs past the moment the primary would now count as lost: a primary that reports a shorter interval
     * than before is then detected on its new interval, not the old one.
     */
    private Primary renewLeaseIfDue(Versioned<Primary> current, HealthRecord primaryRecord, Settings settings) {
        Primary primary = current.value();
        Instant nextDue = primaryRecord.nextExpected().plus(settings.heartbeatDelayAllowance());
        Instant lostAt = HealthRules.lostAt(primaryRecord, settings);
        if (!primary.aliveUntil().isBefore(nextDue) && !primary.aliveUntil().isAfter(lostAt)) {
            return primary;
        }
        Primary renewed = primary.withAliveUntil(lostAt);
        try {
            elections.replace(renewed, current.version());
            return renewed;
        } catch (StoreConflictException changed) {
            return elections.read().map(Versioned::value).orElse(primary);
        }
    }
}
