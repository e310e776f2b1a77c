package com.fortinet.autoscale.app;

import com.fortinet.autoscale.adapter.eventgrid.EventGridNotifier;
import com.fortinet.autoscale.adapter.log.LoggingNotifier;
import com.fortinet.autoscale.domain.notification.Notifier;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Where notifications go: the log always, and an Event Grid topic when {@code EVENT_GRID_TOPIC_ENDPOINT} is set. */
final class NotificationAdapters {
    private NotificationAdapters() {
    }

    static Notifier from(AppSettings appSettings) {
        return appSettings.get(AppSettings.EVENT_GRID_TOPIC_ENDPOINT)
                .<Notifier>map(topic -> new CompositeNotifier(List.of(new LoggingNotifier(),
                        eventGrid(appSettings, topic))))
                .orElseGet(LoggingNotifier::new);
    }

    /** Notifications to an Event Grid topic: with its key when one is set, else with the managed identity. */
    private static EventGridNotifier eventGrid(AppSettings s, String topic) {
        EventGridNotifier.Auth auth = s.get(AppSettings.EVENT_GRID_TOPIC_KEY)
                .map(EventGridNotifier.Auth::key)
                .orElseGet(() -> EventGridNotifier.Auth.token(AzureCredentials.of(s)));
        String source = "/fortigate-autoscale/" + s.get(AppSettings.RESOURCE_GROUP).orElse("local");
        int capacity = s.eventGridQueueCapacity();
        Duration timeout = s.eventGridTimeout();
        return new EventGridNotifier(URI.create(topic), auth, source, capacity, timeout);
    }
}
