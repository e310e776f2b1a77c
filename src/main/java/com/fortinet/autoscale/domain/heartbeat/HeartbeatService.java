package com.fortinet.autoscale.domain.heartbeat;
import com.fortinet.autoscale.domain.StoreUnavailableException;
import com.fortinet.autoscale.domain.StoreConflictException;
import com.fortinet.autoscale.domain.Versioned;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.UnknownInstanceException;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.election.ElectionService;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.health.ControllerGap;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.HealthRules;
import com.fortinet.autoscale.domain.health.Placement;
import com.fortinet.autoscale.domain.health.Heartbeat;
import com.fortinet.autoscale.domain.notification.Notifications;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.settings.SettingsProvider;

import com.fortinet.autoscale.domain.election.ElectionRecords;
import com.fortinet.autoscale.domain.health.HealthRecords;
import com.fortinet.autoscale.domain.notification.Notifier;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Takes a FortiGate's heartbeat (SPEC §3, §4): updates its health record, keeps one healthy primary, and
 * tells the device the primary's IP when it does not know it yet.
 *
 * <p>Cost: a steady heartbeat reads the election record and conditionally replaces the device's own
 * record: two point operations. The record's last written version is kept in this process as the base for
 * the next write; a stale base fails the conditional write, and the rules are re-applied to a fresh read,
 * so no update is lost. The primary's liveness comes from the lease in the election record.
 */
public final class HeartbeatService {
    private static final Logger LOG = Logger.getLogger(HeartbeatService.class.getName());
    private static final int MAX_ATTEMPTS = 10;
    private static final int CACHE_LIMIT = 20_000;

    private final HealthRecords records;
    private final ElectionRecords elections;
    private final ScaleSets scaleSets;
    private final ElectionService electionService;
    private final SettingsProvider settings;
    private final Clock clock;
    private final Notifications notifications;
    private final Consumer<Member> onFirstHeartbeat;
    private final ConcurrentHashMap<VmId, Versioned<HealthRecord>> lastWritten = new ConcurrentHashMap<>();

    /** What the handler tells the device: the primary's IP when it must learn it, else nothing. */
    public record Result(HealthRules.Disposition disposition, Optional<String> announcePrimaryIp,
                         boolean firstHeartbeat) {}

    public HeartbeatService(HealthRecords records, ElectionRecords elections, ScaleSets scaleSets,
                            ElectionService electionService, SettingsProvider settings, Clock clock,
                            Notifier notifier, Consumer<Member> onFirstHeartbeat) {
        this.records = Objects.requireNonNull(records, "records");
        this.elections = Objects.requireNonNull(elections, "elections");
        this.scaleSets = Objects.requireNonNull(scaleSets, "scaleSets");
        this.electionService = Objects.requireNonNull(electionService, "electionService");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.notifications = new Notifications(Objects.requireNonNull(notifier, "notifier"));
        this.onFirstHeartbeat = onFirstHeartbeat == null ? m -> { } : onFirstHeartbeat;
    }

    /**
     * Handles one heartbeat.
     *
     * <p>The copy this process last wrote is trusted only for a plain on-time update with no election to
     * follow: anything else (late, a transition, a duplicate or outdated call, an election due) is decided on
     * the record read from the store now, and every retry resolves the primary again.
     *
     * @throws UnknownInstanceException when the vmId is in no managed scale set
     */
    public Result handle(Heartbeat hb, String cid) {
        Instant now = clock.instant();
        Settings s = settings.current();
        Member member = scaleSets.find(hb.vmId()).orElseThrow(() -> new UnknownInstanceException(hb.vmId()));
        Optional<Versioned<Primary>> election = elections.read();
        boolean mustRead = false;
        boolean gapChecked = false;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Versioned<HealthRecord> base = mustRead ? null : lastWritten.get(hb.vmId());
            boolean fromCache = base != null;
            if (!fromCache) {
                base = records.read(hb.vmId()).orElse(null);
            }
            HealthRecord next;
            HealthRules.Applied applied = null;
            if (base == null) {
                next = HealthRules.first(hb, member, now);
            } else {
                ControllerGap gap = election.map(e -> e.value().lastGap()).orElse(null);
                applied = HealthRules.apply(ControllerGap.excuse(base.value(), gap, s.heartbeatDelayAllowance()),
                        hb, now, s);
                if (fromCache && !applied.plain()) {
                    mustRead = true;
                    continue;
                }
                if (!applied.changed()) {
                    logDropped(hb, base.value(), applied, cid);
                    return new Result(applied.disposition(), Optional.empty(), false);
                }
                if (!gapChecked && mayBeControllerGap(applied, election, hb, now, s)) {
                    // Late while nothing has been recorded for a while: maybe the controller was away.
                    gapChecked = true;
                    election = electionService.checkForGap(election.get(), null, now, s, cid).election();
                    continue;
                }
                next = withPlacementOf(member, applied.record());
            }
            ElectionService.Resolution resolution = electionService.resolve(election, next, !fromCache, now, s, cid);
            if (resolution.status() == ElectionService.Status.ELECTION_DUE) {
                mustRead = true;
                continue;
            }
            if (resolution.status() == ElectionService.Status.GAP_FOUND) {
                election = elections.read();
                continue;
            }
            Optional<String> announce = Announcement.decide(resolution.primary(), hb.vmId(), hb.isPrimary(),
                    next.knownPrimaryIp());
            HealthRecord toWrite = announce.map(next::withKnownPrimaryIp).orElse(next);
            Versioned<HealthRecord> saved;
            try {
                saved = base == null ? records.create(toWrite) : records.replace(toWrite, base.version());
            } catch (StoreConflictException stale) {
                // Someone else wrote first: decide again on what is stored now, under the election record now.
                lastWritten.remove(hb.vmId());
                mustRead = true;
                election = elections.read();
                continue;
            }
            remember(saved);
            if (applied != null) {
                if (applied.clockIgnored()) {
                    logClockIgnored(hb, base.value(), now, cid);
                }
                for (HealthRules.Transition t : applied.transitions()) {
                    notifications.transition(t, saved.value(), applied.missed(), now, cid);
                }
            } else {
                onFirstHeartbeat.accept(member);
            }
            return new Result(HealthRules.Disposition.APPLIED, announce, base == null);
        }
        throw new StoreUnavailableException("heartbeat of " + hb.vmId() + " kept conflicting", null, null);
    }

    /**
     * A late heartbeat while the controller's watermark is older than two of this device's intervals: the
     * lateness may be the controller's own absence. Rare (never on a steady heartbeat), so the check may read
     * every record.
     */
    private static boolean mayBeControllerGap(HealthRules.Applied applied, Optional<Versioned<Primary>> election,
                                              Heartbeat hb, Instant now, Settings s) {
        return election.isPresent()
                && applied.transitions().contains(HealthRules.Transition.LATE)
                && ControllerGap.stale(election.get().value().recordedAt(), now, hb.interval(), s);
    }

    private static void logClockIgnored(Heartbeat hb, HealthRecord recorded, Instant arrival, String cid) {
        LOG.warning(() -> "cid=" + cid + " heartbeat of " + hb.vmId() + ": device time " + hb.time() + " at arrival "
                + arrival + " (recorded " + recorded.deviceTime() + " at " + recorded.lastArrival() + ") is more than "
                + HealthRules.CLOCK_TOLERANCE.toMinutes() + " minutes off; not used to judge order");
    }

    /** Every dropped heartbeat is logged with what it carried and what is recorded. */
    private static void logDropped(Heartbeat hb, HealthRecord recorded, HealthRules.Applied applied, String cid) {
        if (applied.disposition() == HealthRules.Disposition.OUTDATED) {
            LOG.warning(() -> "cid=" + cid + " heartbeat of " + hb.vmId() + " outdated, dropped: sequence="
                    + hb.sequence() + " time=" + hb.time() + " recorded sequence=" + recorded.sequence()
                    + " time=" + recorded.deviceTime());
        }
    }

    /**
     * The record with the member's current scale set, IP and instance id (behaviour §3): the scale-set read is
     * cached, so this costs no store operation, and an IP unknown at the first heartbeat is filled in later. A
     * value the platform does not report now keeps the recorded one.
     */
    private static HealthRecord withPlacementOf(Member member, HealthRecord record) {
        Placement recorded = record.placement();
        Placement now = new Placement(member.scaleSet(),
                member.privateIp() != null ? member.privateIp() : recorded.privateIp(),
                member.instanceId() != null ? member.instanceId() : recorded.instanceId());
        return now.equals(recorded) ? record : record.withPlacement(now);
    }

    /** Forgets what this process last wrote for a device (its record was removed). */
    public void forget(VmId vmId) {
        lastWritten.remove(vmId);
    }

    private void remember(Versioned<HealthRecord> saved) {
        if (lastWritten.size() >= CACHE_LIMIT) {
            lastWritten.clear();
        }
        lastWritten.put(saved.value().vmId(), saved);
    }
}
