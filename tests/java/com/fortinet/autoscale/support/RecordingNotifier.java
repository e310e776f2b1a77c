package com.fortinet.autoscale.support;

import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.domain.notification.Notifier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every notification, for tests to look at. */
public final class RecordingNotifier implements Notifier {
    private final List<Notification> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(Notification notification) {
        published.add(notification);
    }

    public List<Notification> all() {
        return List.copyOf(published);
    }

    public List<Notification> of(Notification.Type type) {
        return published.stream().filter(n -> n.type() == type).toList();
    }

    public void clear() {
        published.clear();
    }
}
