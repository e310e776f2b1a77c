package com.fortinet.autoscale.domain.notification;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.HealthRules;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Builds the notifications of SPEC §8 and hands them to the notifier, which must never fail a caller. */
public final class Notifications {
    private static final Logger LOG = Logger.getLogger(Notifications.class.getName());

    private final Notifier notifier;

    public Notifications(Notifier notifier) {
        this.notifier = notifier;
    }

    public void send(Notification.Type type, String subject, String message, Instant now, String cid, Object... kv) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                details.put(String.valueOf(kv[i]), kv[i + 1]);
            }
        }
        try {
            notifier.publish(new Notification(type, subject, message, details, now, cid));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cid={0} notification {1} not published: {2}",
                    new Object[] {cid, type.wireName(), e.toString()});
        }
    }

    /** A FortiGate was deleted from its scale set by this app ({@code terminate-unhealthy-vm}). */
    public void terminated(Member m, String reason, Instant now, String cid) {
        send(Notification.Type.VM_TERMINATED, m.vmId().value(), "FortiGate deleted from its scale set", now, cid,
                "reason", reason, "privateIp", m.privateIp(), "scalingGroup", m.scaleSet(),
                "instanceId", m.instanceId());
    }

    public void transition(HealthRules.Transition t, HealthRecord r, long missed, Instant now, String cid) {
        String vm = r.vmId().value();
        switch (t) {
            case LATE -> send(Notification.Type.HEARTBEAT_LATE, vm, "heartbeat late", now, cid,
                    "missed", missed, "lossCount", r.lossCount(), "scalingGroup", r.scalingGroup());
            case BECAME_UNHEALTHY -> send(Notification.Type.VM_UNHEALTHY, vm, "FortiGate is out-of-sync", now, cid,
                    "lossCount", r.lossCount(), "privateIp", r.privateIp(), "scalingGroup", r.scalingGroup());
            case RECOVERING -> send(Notification.Type.VM_RECOVERING, vm, "FortiGate is recovering", now, cid,
                    "recoveryCountdown", r.recoveryCountdown());
            case RECOVERED -> send(Notification.Type.VM_RECOVERED, vm, "FortiGate is in-sync again", now, cid,
                    "privateIp", r.privateIp());
            default -> throw new IllegalStateException("unknown transition " + t);
        }
    }
}
