package com.fortinet.autoscale.app;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fortinet.autoscale.adapter.compute.AzureScaleSets;
import com.fortinet.autoscale.adapter.log.LoggingNotifier;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import java.time.Clock;
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
        assertInstanceOf(CompositeNotifier.class, app.notifier());
        assertInstanceOf(AzureScaleSets.class, PlatformAdapters.from(settings, () -> null, Clock.systemUTC(), false));
        assertNotNull(app.healthMonitor());
        assertNotNull(app.scalingEvents());
    }

    @Test
    void withoutThemTheDemoClusterAndTheLogAreUsed() {
        // Invoke
        App app = App.fromSettings(AppSettings.of(Map.of()));

        // Verify
        assertInstanceOf(StaticScaleSets.class, app.scaleSets());
        assertInstanceOf(LoggingNotifier.class, app.notifier());
    }
}
