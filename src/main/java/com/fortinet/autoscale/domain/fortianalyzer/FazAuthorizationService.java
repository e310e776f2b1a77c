package com.fortinet.autoscale.domain.fortianalyzer;

import com.fortinet.autoscale.domain.LogText;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.settings.SettingKey;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.settings.SettingsProvider;

import com.fortinet.autoscale.domain.health.HealthRecords;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Authorizes in the FortiAnalyzer the devices that wait for authorization and are FortiGates of this
 * cluster, and only those. Does nothing (no FortiAnalyzer call) while {@code enable-fortianalyzer-integration}
 * is false.
 *
 * <p>The rule. A device the FortiAnalyzer lists as unauthorized is authorized when all of these hold:
 * <ol>
 *   <li>it claims a vmId ({@link FazDevice#claimedVmId}): its name, and its hostname when reported, is a vmId
 *       without hyphens (or the vmId). The built-in {@code baseconfig} sets each FortiGate's hostname so
 *       ({@code {@device.hostname}}: FortiOS holds 35 characters), and
 *       the FortiAnalyzer names an unauthorized device by its hostname. A custom {@code baseconfig} must keep
 *       that line;</li>
 *   <li>that vmId is a current member of a managed scale set and has a health record, i.e. the FortiGate has
 *       sent a heartbeat with the function key;</li>
 *   <li>no other device in the FortiAnalyzer, authorized or not, claims the same vmId: two claimants mean one
 *       is an impostor, so neither is authorized and an operator must look;</li>
 *   <li>it reports a serial number;</li>
 *   <li>it connected from the member's private IP, or from an address inside
 *       {@code fortigate-autoscale-virtual-network-cidr} (a FortiGate with a second NIC reaches the
 *       FortiAnalyzer from port2, whose IP the scale set does not report).</li>
 * </ol>
 * A device that passes (1) and (2) but fails a later check is refused and logged with the reason; any other
 * unauthorized device is not the cluster's and is left alone. A device outside the cluster can therefore only
 * be authorized by taking a live member's vmId <em>and</em> connecting from inside the cluster's network
 * while that member is not itself registered. Authorized devices are never sent again, so runs are idempotent.
 */
public final class FazAuthorizationService {
    private static final Logger LOG = Logger.getLogger(FazAuthorizationService.class.getName());

    private final Supplier<FortiAnalyzer> fortiAnalyzer;
    private final ScaleSets scaleSets;
    private final HealthRecords records;
    private final SettingsProvider settings;

    /**
     * What a reconciliation did.
     *
     * @param enabled           false when the integration is off (then nothing else was done)
     * @param authorized        names of the devices this run authorized
     * @param authorizedMembers the cluster's FortiGates that are authorized in the FortiAnalyzer after this run
     * @param alreadyAuthorized the cluster's devices that were authorized already
     * @param refused           devices claiming a member's vmId that were not authorized, with the reason
     * @param notInCluster      unauthorized devices that are not the cluster's (left alone)
     */
    public record Outcome(boolean enabled, List<String> authorized, Set<VmId> authorizedMembers,
                          int alreadyAuthorized, List<Refusal> refused, int notInCluster) {
        public Outcome {
            authorized = List.copyOf(authorized);
            authorizedMembers = Set.copyOf(authorizedMembers);
            refused = List.copyOf(refused);
        }

        static Outcome disabled() {
            return new Outcome(false, List.of(), Set.of(), 0, List.of(), 0);
        }
    }

    /** A device that claims a member's vmId but was not authorized, and why. */
    public record Refusal(String device, String reason) {}

    /**
     * @param fortiAnalyzer the FortiAnalyzer client, asked for only when the integration is enabled (it is
     *                      built from app settings that a deployment without FortiAnalyzer does not have)
     */
    public FazAuthorizationService(Supplier<FortiAnalyzer> fortiAnalyzer, ScaleSets scaleSets, HealthRecords records,
                                   SettingsProvider settings) {
        this.fortiAnalyzer = Objects.requireNonNull(fortiAnalyzer, "fortiAnalyzer");
        this.scaleSets = Objects.requireNonNull(scaleSets, "scaleSets");
        this.records = Objects.requireNonNull(records, "records");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Whether the integration is on ({@code enable-fortianalyzer-integration}). */
    public boolean enabled() {
        return settings.current().flag(SettingKey.ENABLE_FORTIANALYZER_INTEGRATION);
    }

    /**
     * Authorizes the cluster's unauthorized devices (the rule above), in one FortiAnalyzer session.
     *
     * @throws FortiAnalyzerException when the FortiAnalyzer cannot be reached or refuses a call; nothing is
     *                                retried here, the next run (timer or request) tries again
     */
    public Outcome reconcile(String cid) {
        Settings s = settings.current();
        if (!s.flag(SettingKey.ENABLE_FORTIANALYZER_INTEGRATION)) {
            return Outcome.disabled();
        }
        Map<VmId, Member> cluster = cluster();
        Optional<Ipv4Ranges> network = s.text(SettingKey.FORTIGATE_AUTOSCALE_VIRTUAL_NETWORK_CIDR).flatMap(text -> {
            Optional<Ipv4Ranges> parsed = Ipv4Ranges.parse(text);
            if (parsed.isEmpty()) {
                LOG.warning("cid=" + cid + " faz: fortigate-autoscale-virtual-network-cidr is not an IPv4 CIDR list;"
                        + " only devices connecting from their member's private IP are authorized");
            }
            return parsed;
        });
        Outcome outcome = fortiAnalyzer.get().inSession(session -> {
            Plan plan = plan(session.devices(), cluster, network);
            if (!plan.toAuthorize.isEmpty()) {
                session.authorize(plan.toAuthorize);
            }
            return plan.outcome();
        });
        for (Refusal r : outcome.refused()) {
            // the device named itself: its name (and the address in the reason) cannot end the field or the line
            LOG.warning("cid=" + cid + " faz: not authorizing device " + LogText.quoted(r.device()) + ": "
                    + LogText.quoted(r.reason()));
        }
        LOG.info("cid=" + cid + " faz: authorized=" + outcome.authorized() + " already=" + outcome.alreadyAuthorized()
                + " refused=" + outcome.refused().size() + " not-in-cluster=" + outcome.notInCluster());
        return outcome;
    }

    /** The members that have sent a heartbeat: what a FortiAnalyzer device may be matched against. */
    private Map<VmId, Member> cluster() {
        Set<VmId> heard = records.readAll().stream().map(v -> v.value().vmId()).collect(Collectors.toSet());
        Map<VmId, Member> cluster = new HashMap<>();
        for (Member m : scaleSets.members()) {
            if (heard.contains(m.vmId())) {
                cluster.put(m.vmId(), m);
            }
        }
        return cluster;
    }

    private static final class Plan {
        final List<FazDevice> toAuthorize = new ArrayList<>();
        final Set<VmId> authorizedMembers = new LinkedHashSet<>();
        final List<Refusal> refused = new ArrayList<>();
        int already;
        int notInCluster;

        Outcome outcome() {
            return new Outcome(true, toAuthorize.stream().map(FazDevice::name).toList(), authorizedMembers, already,
                    refused, notInCluster);
        }
    }

    private static Plan plan(List<FazDevice> devices, Map<VmId, Member> cluster, Optional<Ipv4Ranges> network) {
        Map<VmId, Integer> claimants = new HashMap<>();
        for (FazDevice d : devices) {
            d.claimedVmId().ifPresent(v -> claimants.merge(v, 1, Integer::sum));
        }
        Plan plan = new Plan();
        for (FazDevice d : devices) {
            Optional<VmId> claim = d.claimedVmId();
            Member member = claim.map(cluster::get).orElse(null);
            if (d.authorized()) {
                if (member != null) {
                    plan.already++;
                    plan.authorizedMembers.add(member.vmId());
                }
                continue;
            }
            if (member == null) {
                plan.notInCluster++;
                continue;
            }
            String reason = refusal(d, member, claimants.get(member.vmId()), network);
            if (reason != null) {
                plan.refused.add(new Refusal(d.printableName(), reason));
                continue;
            }
            plan.toAuthorize.add(d);
            plan.authorizedMembers.add(member.vmId());
        }
        return plan;
    }

    private static String refusal(FazDevice d, Member member, int claimantCount, Optional<Ipv4Ranges> network) {
        if (claimantCount > 1) {
            return claimantCount + " devices in the FortiAnalyzer claim vmId " + member.vmId()
                    + "; authorize the right one by hand";
        }
        if (d.serialNumber() == null) {
            return "the FortiAnalyzer reports no serial number";
        }
        if (d.ip() == null) {
            return "the FortiAnalyzer reports no IP";
        }
        boolean fromMember = member.privateIps().contains(d.ip());
        boolean fromNetwork = network.map(n -> n.contains(d.ip())).orElse(false);
        if (!fromMember && !fromNetwork) {
            return "it connected from " + FazDevice.printable(d.ip()) + ", which is neither a private IP of the member ("
                    + String.join(", ", member.privateIps()) + ") nor inside fortigate-autoscale-virtual-network-cidr";
        }
        return null;
    }
}
