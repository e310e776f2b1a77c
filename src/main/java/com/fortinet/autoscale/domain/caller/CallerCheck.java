package com.fortinet.autoscale.domain.caller;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import com.fortinet.autoscale.domain.cluster.UnknownInstanceException;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.domain.notification.Notifications;
import com.fortinet.autoscale.domain.notification.Notifier;
import com.fortinet.autoscale.domain.settings.SettingKey;
import com.fortinet.autoscale.domain.settings.SettingsProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A FortiGate speaks only for itself: with {@code verify-caller-ip} on, a device-facing request naming a vmId
 * is served only when every address the platform reports for the caller is one of that member's private IPs
 * (any NIC, as the scale sets report them).
 *
 * <p>The addresses are the entries of {@code X-Forwarded-For}. On Azure, App Service's front end writes the
 * TCP peer it saw there; a FortiGate sends no such header of its own. Whether a front end replaces a header the
 * client sent or appends to it, requiring <em>every</em> entry to be the member's means that text a caller
 * puts in front of its real address cannot make it another FortiGate. No address at all is a mismatch too.
 *
 * <p>A mismatch changes nothing: it is answered 403 by the caller of this class, and a {@code caller-mismatch}
 * notification goes out at most once per vmId every {@link #NOTIFY_EVERY} in this process (the limit is a
 * courtesy to operators, not evidence of anything).
 */
public final class CallerCheck {
    /** The shortest time between two {@code caller-mismatch} notifications for one vmId, per process. */
    public static final Duration NOTIFY_EVERY = Duration.ofMinutes(5);
    private static final int MAX_TRACKED = 4096;
    private static final int MAX_REPORTED = 5;

    private final ScaleSets scaleSets;
    private final SettingsProvider settings;
    private final Notifications notifications;
    private final Clock clock;
    private final Map<VmId, Instant> lastNotified = new ConcurrentHashMap<>();

    public CallerCheck(ScaleSets scaleSets, SettingsProvider settings, Notifier notifier, Clock clock) {
        this.scaleSets = Objects.requireNonNull(scaleSets, "scaleSets");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.notifications = new Notifications(Objects.requireNonNull(notifier, "notifier"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What the check found. */
    public sealed interface Verdict permits Allowed, Mismatch {}

    /** Served: the check is off, or every caller address is the member's. */
    public record Allowed() implements Verdict {}

    /**
     * Refused.
     *
     * @param vmId      the vmId the request named
     * @param addresses the caller addresses as reported (at most five, as sent: escape them before logging)
     * @param reason    one line for the response, naming no address of the member
     */
    public record Mismatch(VmId vmId, List<String> addresses, String reason) implements Verdict {
        public Mismatch {
            addresses = List.copyOf(addresses);
        }
    }

    /** Whether requests are checked at all ({@code verify-caller-ip}). */
    public boolean enabled() {
        return settings.current().flag(SettingKey.VERIFY_CALLER_IP);
    }

    /**
     * Checks that the caller is the member {@code vmId}.
     *
     * @param reported the caller addresses the platform reported, in order (entries of {@code X-Forwarded-For})
     * @throws UnknownInstanceException when the check is on and the vmId is in no managed scale set
     */
    public Verdict verify(VmId vmId, List<String> reported, String cid) {
        if (!enabled()) {
            return new Allowed();
        }
        Member member = scaleSets.find(vmId).orElseThrow(() -> new UnknownInstanceException(vmId));
        List<String> shown = reported.stream().limit(MAX_REPORTED).map(CallerCheck::cut).toList();
        if (reported.isEmpty()) {
            return mismatch(member, shown, "no caller address reported (X-Forwarded-For): cannot tell that the caller is vmId "
                    + vmId, cid);
        }
        Set<String> own = member.privateIps().stream().map(CallerAddress::canonical).flatMap(Optional::stream)
                .collect(Collectors.toSet());
        List<String> foreign = new ArrayList<>();
        for (String r : reported) {
            Optional<String> a = CallerAddress.canonical(r);
            if (a.isEmpty() || !own.contains(a.get())) {
                foreign.add(r);
            }
        }
        if (foreign.isEmpty()) {
            return new Allowed();
        }
        return mismatch(member, shown, "the caller's address is not a private IP of vmId " + vmId
                + ": a FortiGate speaks only for itself", cid);
    }

    private Mismatch mismatch(Member member, List<String> shown, String reason, String cid) {
        VmId vmId = member.vmId();
        Instant now = clock.instant();
        Instant last = lastNotified.get(vmId);
        if (last == null || !now.isBefore(last.plus(NOTIFY_EVERY))) {
            if (lastNotified.size() >= MAX_TRACKED) {
                lastNotified.clear(); // bounded: a flood of vmIds costs at most a few more notifications
            }
            lastNotified.put(vmId, now);
            notifications.send(Notification.Type.CALLER_MISMATCH, vmId.value(), "a request for this FortiGate came"
                    + " from another address", now, cid, "callerAddresses", shown, "scalingGroup", member.scaleSet(),
                    "memberPrivateIps", member.privateIps());
        }
        return new Mismatch(vmId, shown, reason);
    }

    private static String cut(String s) {
        String t = s.trim();
        return t.length() > 64 ? t.substring(0, 64) + "…" : t;
    }
}
