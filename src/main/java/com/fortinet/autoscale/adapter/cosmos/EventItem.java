package com.fortinet.autoscale.adapter.cosmos;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fortinet.autoscale.domain.notification.EventHistory;
import com.fortinet.autoscale.domain.notification.Notification;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A notification as stored in the {@code Events} container: the item {@code slot-<seq mod ring>}, where
 * {@code seq} is the event's number in the cluster's sequence (see {@link CosmosEventHistory}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
final class EventItem {
    public String id;
    public String clusterId;
    public Long seq;
    public String event;
    public String subject;
    public String message;
    public String time;
    public String cid;
    public Map<String, Object> details;

    static EventItem from(Notification n, String id, String clusterId, long seq) {
        EventItem i = new EventItem();
        i.id = id;
        i.clusterId = clusterId;
        i.seq = seq;
        i.event = n.type().wireName();
        i.subject = n.subject();
        i.message = n.message();
        i.time = HealthItem.text(n.time());
        i.cid = n.correlationId();
        i.details = new LinkedHashMap<>(EventHistory.plain(n.details()));
        return i;
    }

    /** The notification; null for an event name this version does not know (written by a newer one). */
    Notification toNotification() {
        Notification.Type type = null;
        for (Notification.Type t : Notification.Type.values()) {
            if (t.wireName().equals(event)) {
                type = t;
            }
        }
        if (type == null || seq == null) {
            return null;
        }
        try {
            return new Notification(type, subject, message, details == null ? Map.of() : EventHistory.plain(details),
                    HealthItem.instant(time), cid);
        } catch (RuntimeException e) {
            throw new IllegalStateException("event " + id + " in Cosmos DB is malformed: " + e.getMessage(), e);
        }
    }
}
