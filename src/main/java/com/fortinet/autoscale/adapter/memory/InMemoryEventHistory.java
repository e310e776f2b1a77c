package com.fortinet.autoscale.adapter.memory;

import com.fortinet.autoscale.domain.notification.EventHistory;
import com.fortinet.autoscale.domain.notification.Notification;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/** The event history of this process: the last {@code capacity} notifications (the oldest go first). */
public final class InMemoryEventHistory implements EventHistory {
    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long sequence;

    private record Entry(Notification notification, long sequence) {}

    public InMemoryEventHistory() {
        this(1000);
    }

    public InMemoryEventHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized void append(Notification n) {
        Objects.requireNonNull(n, "notification");
        Notification kept = new Notification(n.type(), n.subject(), n.message(), EventHistory.plain(n.details()),
                n.time(), n.correlationId());
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(new Entry(kept, sequence++));
    }

    @Override
    public List<Notification> recent(int limit) {
        EventHistory.checkLimit(limit);
        List<Entry> copy;
        synchronized (this) {
            copy = new ArrayList<>(entries);
        }
        return copy.stream()
                .sorted(Comparator.comparing((Entry e) -> e.notification().time())
                        .thenComparingLong(Entry::sequence).reversed())
                .limit(limit)
                .map(Entry::notification)
                .toList();
    }
}
