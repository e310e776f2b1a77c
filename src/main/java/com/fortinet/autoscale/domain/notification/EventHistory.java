package com.fortinet.autoscale.domain.notification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent notifications, kept for operators (behaviour §8): who was elected and why, which FortiGate went
 * out-of-sync, was terminated, claimed a license. Written once per notification, and notifications happen on
 * transitions only, so a steady heartbeat never writes here. Entries expire on their own after a while (a
 * TTL), so the history needs no clean-up.
 */
public interface EventHistory {
    /** The largest {@code limit} {@link #recent} takes. */
    int MAX_RECENT = 500;

    /**
     * Keeps a notification. Its details are kept as plain values (see {@link #plain}).
     *
     * @throws com.fortinet.autoscale.domain.StoreUnavailableException when the store cannot be reached
     */
    void append(Notification notification);

    /**
     * The most recent notifications, newest first (by time, then by the order they were appended), at most
     * {@code limit} of them.
     *
     * @param limit 0 to {@link #MAX_RECENT}
     */
    List<Notification> recent(int limit);

    /**
     * Details as every adapter keeps them: strings, booleans, whole numbers as {@code Long}, other numbers as
     * {@code Double}; anything else as its text. Null values are left out.
     */
    static Map<String, Object> plain(Map<String, ?> details) {
        Map<String, Object> out = new LinkedHashMap<>();
        details.forEach((k, v) -> {
            if (v == null) {
                return;
            }
            Object p;
            if (v instanceof String || v instanceof Boolean) {
                p = v;
            } else if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
                p = ((Number) v).longValue();
            } else if (v instanceof Number n) {
                p = n.doubleValue();
            } else {
                p = String.valueOf(v);
            }
            out.put(k, p);
        });
        return out;
    }

    /** Checks a {@link #recent} limit. */
    static int checkLimit(int limit) {
        if (limit < 0 || limit > MAX_RECENT) {
            throw new IllegalArgumentException("limit must be 0 to " + MAX_RECENT + ", got " + limit);
        }
        return limit;
    }
}
