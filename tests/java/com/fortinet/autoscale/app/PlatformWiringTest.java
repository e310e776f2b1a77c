package com.fortinet.autoscale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fortinet.autoscale.adapter.compute.AzureScaleSets;
import com.fortinet.autoscale.adapter.log.LoggingNotifier;
import com.fortinet.autoscale.adapter.memory.InMemoryEventHistory;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.domain.notification.HistoryNotifier;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.domain.notification.Notifier;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The composition root picks the Azure adapters when their app settings are set (building them calls nothing). */
class PlatformWiringTest {
    @Test
    void withASubscriptionTheScaleSetsComeFromArmAndWithATopicNotificationsGoToEventGridToo() {
        // Setup
        AppSettings settings = AppSettings.of(Map.of(
                AppSettings.AZURE_SUBSCRIPTION_ID, "11111111-2222-3333-4444-555555555555",
                AppSettings.RESOURCE_GROUP, "fgt-rg",
                AppSettings.EVENT_GRID_TOPIC_ENDPOINT, "https://fgt.westeurope-1.eventgrid.azure.net/api/events",
                AppSettings.EVENT_GRID_TOPIC_KEY, "key"));

        // Invoke
        App app = App.fromSettings(settings);

        // Verify
        assertInstanceOf(AzureScaleSets.class, app.scaleSets());
        assertInstanceOf(AzureScaleSets.class, PlatformAdapters.from(settings, () -> null, Clock.systemUTC(), false));
        List<Notifier> configured = ((CompositeNotifier) assertInstanceOf(CompositeNotifier.class,
                assertInstanceOf(CompositeNotifier.class, app.notifier()).notifiers().get(0))).notifiers();
        assertInstanceOf(LoggingNotifier.class, configured.get(0));
        assertInstanceOf(com.fortinet.autoscale.adapter.eventgrid.EventGridNotifier.class, configured.get(1));
        assertNotNull(app.healthMonitor());
        assertNotNull(app.scalingEvents());
    }

    @Test
    void withoutThemTheDemoClusterAndTheLogAreUsed() {
        // Invoke
        App app = App.fromSettings(AppSettings.of(Map.of()));

        // Verify
        assertInstanceOf(StaticScaleSets.class, app.scaleSets());
        List<Notifier> notifiers = assertInstanceOf(CompositeNotifier.class, app.notifier()).notifiers();
        assertInstanceOf(LoggingNotifier.class, notifiers.get(0), "the log line first");
        assertInstanceOf(HistoryNotifier.class, notifiers.get(1), "then the event history");
        InMemoryEventHistory history = new InMemoryEventHistory();
        App.builder(AppSettings.of(Map.of())).eventHistory(history).build().notifier()
                .publish(new Notification(Notification.Type.VM_RECOVERED, "vm", "in-sync", Map.of(),
                        java.time.Instant.EPOCH, "cid"));
        assertEquals(1, history.recent(20).size(), "the app's notifier keeps every notification in the history");
    }
}
