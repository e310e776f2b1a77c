package com.fortinet.autoscale.domain.notification;

import java.util.Objects;

/** Keeps every notification in the {@link EventHistory}; sits beside the log line and Event Grid. */
public final class HistoryNotifier implements Notifier {
    private final EventHistory history;

    public HistoryNotifier(EventHistory history) {
        this.history = Objects.requireNonNull(history, "history");
    }

    @Override
    public void publish(Notification notification) {
        history.append(notification);
    }
}
