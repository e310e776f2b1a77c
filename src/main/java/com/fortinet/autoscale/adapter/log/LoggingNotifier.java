package com.fortinet.autoscale.adapter.log;

import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.domain.notification.Notifier;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Writes every notification as one structured (JSON) log line: the notification every deployment has. */
public final class LoggingNotifier implements Notifier {
    private static final Logger LOG = Logger.getLogger("autoscale.notifications");

    /** Built on the first notification, not at start-up: Gson's set-up is a large share of a cold start. */
    private static final class Json {
        static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    }

    @Override
    public void publish(Notification n) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", n.type().wireName());
        line.put("subject", n.subject());
        line.put("message", n.message());
        line.put("time", n.time().toString());
        line.put("cid", n.correlationId());
        line.put("details", n.details());
        LOG.log(level(n.type()), Json.GSON.toJson(line));
    }

    /**
     * The log level of each event (behaviour §8). No default branch: a new event type does not compile until
     * someone decides how loud it is.
     */
    public static Level level(Notification.Type type) {
        return switch (type) {
            case VM_UNHEALTHY, PRIMARY_UNDETERMINED, LICENSE_OUT_OF_STOCK, BOOTSTRAP_FAILED -> Level.SEVERE;
            case HEARTBEAT_LATE, VM_TERMINATED, BOOTSTRAP_DEGRADED, CALLER_MISMATCH, CONTROLLER_GAP,
                    MEMBERSHIP_ANOMALY -> Level.WARNING;
            case PRIMARY_ELECTED, VM_RECOVERING, VM_RECOVERED, LICENSE_CLAIMED, LICENSE_RELEASED -> Level.INFO;
        };
    }
}
