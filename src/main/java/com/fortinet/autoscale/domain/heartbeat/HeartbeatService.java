package com.fortinet.autoscale.domain.heartbeat;
import com.fortinet.autoscale.domain.StoreUnavailableException;
import com.fortinet.autoscale.domain.StoreConflictException;
import com.fortinet.autoscale.domain.Versioned;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.UnknownInstanceException;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.election.ElectionService;
import com.fortinet.autoscale.domain.election.Primary;
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
     * @throws UnknownInstanceException when the vmId is in no managed scale set
     */
    public Result handle(Heartbeat hb, String cid) {
        Instant now = clock.instant();
        Settings s = settings.current();
        Member member = scaleSets.find(hb.vmId()).orElseThrow(() -> new UnknownInstanceException(hb.vmId()));
        Optional<Versioned<Primary>> election = elections.read();
        Optional<Primary> primary = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Versioned<HealthRecord> base = lastWritten.get(hb.vmId());
            if (base == null) {
                base = records.read(hb.vmId()).orElse(null);
            }
            HealthRecord next;
            HealthRules.Applied applied = null;
            if (base == null) {
                next = HealthRules.first(hb, member, now);
            } else {
                applied = HealthRules.apply(base.value(), hb, now, s);
                if (!applied.changed()) {
                    return new Result(applied.disposition(), Optional.empty(), false);
                }
                next = withPlacementOf(member, applied.record());
            }
            if (primary == null) {
                primary = electionService.resolve(election, next, now, s, cid);
            }
            Optional<String> announce = Announcement.decide(primary, hb.vmId(), hb.isPrimary(), next.knownPrimaryIp());
            HealthRecord toWrite = announce.map(next::withKnownPrimaryIp).orElse(next);
            Versioned<HealthRecord> saved;
            try {
                saved = base == null ? records.create(toWrite) : records.replace(toWrite, base.version());
            } catch (StoreConflictException stale) {
                lastWritten.remove(hb.vmId());
                continue;
            }
            remember(saved);
            if (applied != null) {
                for (HealthRules.Transition t : applied.transitions()) {
                    notifications.transition(t, saved.value(), applied.missed(), now, cid);
                }
                if (applied.transitions().contains(HealthRules.Transition.BECAME_UNHEALTHY) && s.terminateUnhealthyVm()) {
                    scaleSets.terminate(member);
                    notifications.terminated(member, "out-of-sync: " + saved.value().lossCount() + " heartbeats lost", now, cid);
                }
            } else {
                onFirstHeartbeat.accept(member);
            }
            return new Result(HealthRules.Disposition.APPLIED, announce, base == null);
        }
        throw new StoreUnavailableException("heartbeat of " + hb.vmId() + " kept conflicting", null, null);
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
