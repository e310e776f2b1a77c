package com.fortinet.autoscale.domain.bootstrap;

import com.fortinet.autoscale.domain.StoreConflictException;
import com.fortinet.autoscale.domain.StoreUnavailableException;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import com.fortinet.autoscale.domain.cluster.UnknownInstanceException;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.election.ElectionRecords;
import com.fortinet.autoscale.domain.election.ElectionService;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.HealthRecords;
import com.fortinet.autoscale.domain.health.HealthRules;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.domain.notification.Notifications;
import com.fortinet.autoscale.domain.notification.Notifier;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.settings.SettingsProvider;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves a FortiGate's bootstrap configuration (behaviour §5). Every device boots as a secondary; it is told
 * the primary's IP when a live primary exists, and the elected device learns its role from a heartbeat answer
 * carrying its own IP.
 *
 * <p>A bootstrap of the recorded primary means it lost its configuration (re-imaged, same vmId, blank disk):
 * it gives up the role at once, so that secondaries never sync a blank configuration.
 */
public final class BootstrapService {
    private static final Logger LOG = Logger.getLogger(BootstrapService.class.getName());
    private static final int MAX_ATTEMPTS = 5;

    private final ScaleSets scaleSets;
    private final ElectionRecords elections;
    private final HealthRecords records;
    private final ElectionService electionService;
    private final SettingsProvider settings;
    private final ConfigAssembler assembler;
    private final Clock clock;
    private final Notifications notifications;

    public BootstrapService(ScaleSets scaleSets, ElectionRecords elections, HealthRecords records,
                            ElectionService electionService, SettingsProvider settings, ConfigAssembler assembler,
                            Clock clock, Notifier notifier) {
        this.scaleSets = Objects.requireNonNull(scaleSets, "scaleSets");
        this.elections = Objects.requireNonNull(elections, "elections");
        this.records = Objects.requireNonNull(records, "records");
        this.electionService = Objects.requireNonNull(electionService, "electionService");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.assembler = Objects.requireNonNull(assembler, "assembler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.notifications = new Notifications(Objects.requireNonNull(notifier, "notifier"));
    }

    /**
     * The configuration for the FortiGate with that vmId.
     *
     * @throws UnknownInstanceException when it is in no managed scale set
     * @throws BootstrapException       when {@code baseconfig} cannot be assembled
     */
    public String configuration(VmId vmId, String cid) {
        Instant now = clock.instant();
        Settings s = settings.current();
        Member device = scaleSets.find(vmId).orElseThrow(() -> new UnknownInstanceException(vmId));
        List<ConfigAssembler.Omitted> omitted = new ArrayList<>();
        Optional<String> primaryIp;
        try {
            primaryIp = primaryToName(vmId, now, s, cid);
        } catch (StoreUnavailableException e) {
            // The device boots as a secondary anyway; its first heartbeat answer names the primary.
            primaryIp = Optional.empty();
            omitted.add(new ConfigAssembler.Omitted("primary-ip", "the state store is unavailable"));
        }
        ConfigAssembler.Assembly assembly = assembler.assemble(s, device, primaryIp);
        omitted.addAll(assembly.omitted());
        if (!omitted.isEmpty()) {
            reportDegraded(vmId, omitted, now, cid);
        }
        rememberWhatItWasTold(vmId, primaryIp.orElse(null), cid);
        return assembly.config();
    }

    /**
     * The IP for {@code set primary-ip}: that of a live primary other than the device. The recorded primary
     * bootstrapping again hands the role over first.
     */
    private Optional<String> primaryToName(VmId vmId, Instant now, Settings s, String cid) {
        Optional<Primary> primary = elections.read().map(Versioned::value);
        if (primary.isPresent() && primary.get().vmId().equals(vmId)) {
            LOG.warning(() -> "cid=" + cid + " primary " + vmId + " bootstrapped again (blank configuration):"
                    + " it gives up the role");
            primary = electionService.handOver(vmId, now, s, cid);
        }
        return primary.filter(p -> !p.vmId().equals(vmId))
                .filter(p -> isLive(p, now, s))
                .map(Primary::privateIp);
    }

    /** A primary worth naming: still a member of its scale set, and not lost (its lease, else its record). */
    private boolean isLive(Primary p, Instant now, Settings s) {
        if (p.privateIp() == null || scaleSets.find(p.vmId()).isEmpty()) {
            return false;
        }
        if (now.isBefore(p.aliveUntil())) {
            return true;
        }
        return records.read(p.vmId()).map(Versioned::value)
                .filter(r -> !HealthRules.isLost(r, now, s)).isPresent();
    }

    private void reportDegraded(VmId vmId, List<ConfigAssembler.Omitted> omitted, Instant now, String cid) {
        for (ConfigAssembler.Omitted o : omitted) {
            LOG.severe(() -> "cid=" + cid + " bootstrap of " + vmId + ": " + o.configSet()
                    + " left out: " + o.reason());
        }
        notifications.send(Notification.Type.BOOTSTRAP_DEGRADED, vmId.value(),
                "bootstrap configuration served without optional config sets", now, cid,
                "omitted", omitted.stream().map(o -> o.configSet() + ": " + o.reason()).toList());
    }

    /**
     * A device that bootstraps again (same vmId) knows only what this configuration tells it: its record's
     * {@code knownPrimaryIp} becomes that, so its next heartbeat is told the primary when this answer did not.
     * Best effort: a bootstrap never fails for it (FortiOS would not ask again).
     */
    private void rememberWhatItWasTold(VmId vmId, String primaryIp, String cid) {
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Optional<Versioned<HealthRecord>> current = records.read(vmId);
                if (current.isEmpty() || Objects.equals(current.get().value().knownPrimaryIp(), primaryIp)) {
                    return;
                }
                try {
                    records.replace(current.get().value().withKnownPrimaryIp(primaryIp), current.get().version());
                    return;
                } catch (StoreConflictException raced) {
                    // a heartbeat or the monitor wrote meanwhile: read again
                }
            }
            LOG.warning(() -> "cid=" + cid + " bootstrap of " + vmId + ": its record kept changing;"
                    + " what it was told is not recorded");
        } catch (StoreUnavailableException e) {
            LOG.log(Level.SEVERE, "cid={0} bootstrap of {1}: state store unavailable, what it was told is not"
                    + " recorded: {2}", new Object[] {cid, vmId, e.getMessage()});
        }
    }
}
