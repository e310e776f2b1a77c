package com.fortinet.autoscale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.local.DemoCluster;
import com.fortinet.autoscale.domain.health.Heartbeat;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.support.CosmosServer;
import com.fortinet.autoscale.domain.settings.SettingsProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The app as the local runner and Azure build it from app settings, against the Cosmos DB server. */
class AppCosmosIT {
    @Test
    void anAppConfiguredForCosmosDbSeedsItsSettingsAndKeepsItsClusterThere() {
        // Setup: a database of its own, and an app setting that differs from the default.
        CosmosServer server = CosmosServer.get();
        String database = "app-" + UUID.randomUUID();
        AppSettings settings = AppSettings.of(Map.of(
                AppSettings.COSMOS_ENDPOINT, server.endpoint(),
                AppSettings.COSMOS_KEY, CosmosServer.KEY,
                AppSettings.COSMOS_DATABASE, database,
                "HEARTBEAT_LOSS_COUNT", "7"));
        Member first = DemoCluster.members().get(0);

        // Invoke
        App app = App.fromSettings(settings);
        app.heartbeats().handle(Heartbeat.minimal(first.vmId(), Duration.ofSeconds(30)), "app-it");

        // Verify: a second process start (a new app) sees the same state and settings.
        StateAdapters restarted = StateAdapters.from(settings.with(Map.of("HEARTBEAT_LOSS_COUNT", "3")));
        assertEquals(7, new SettingsProvider(restarted.settings(), Clock.systemUTC(), Duration.ZERO).current()
                .heartbeatLossCount());
        assertTrue(restarted.health().read(first.vmId()).isPresent());
        assertEquals(first.vmId(), restarted.election().read().orElseThrow().value().vmId());
    }
}
