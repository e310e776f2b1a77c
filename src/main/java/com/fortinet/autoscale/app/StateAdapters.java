package com.fortinet.autoscale.app;

import com.fortinet.autoscale.adapter.cosmos.CosmosElectionRecords;
import com.fortinet.autoscale.adapter.cosmos.CosmosEventHistory;
import com.fortinet.autoscale.adapter.cosmos.CosmosHealthRecords;
import com.fortinet.autoscale.adapter.cosmos.CosmosLicenseUsage;
import com.fortinet.autoscale.adapter.cosmos.CosmosSettingsStore;
import com.fortinet.autoscale.adapter.cosmos.CosmosStore;
import com.fortinet.autoscale.adapter.memory.InMemoryElectionRecords;
import com.fortinet.autoscale.adapter.memory.InMemoryEventHistory;
import com.fortinet.autoscale.adapter.memory.InMemoryHealthRecords;
import com.fortinet.autoscale.adapter.memory.InMemoryLicenseUsage;
import com.fortinet.autoscale.adapter.memory.InMemorySettingsStore;
import com.fortinet.autoscale.domain.election.ElectionRecords;
import com.fortinet.autoscale.domain.health.HealthRecords;
import com.fortinet.autoscale.domain.licensing.LicenseUsage;
import com.fortinet.autoscale.domain.notification.EventHistory;
import com.fortinet.autoscale.domain.settings.SettingsStore;

/**
 * Where state lives: Cosmos DB when {@code COSMOS_ENDPOINT} is set (health, election, settings seeded from
 * the app settings on first start, license usage, the event history; one account client per process), else memory (the local
 * runner, tests).
 */
record StateAdapters(HealthRecords health, ElectionRecords election, SettingsStore settings,
                     LicenseUsage licenseUsage, EventHistory events) {

    static StateAdapters from(AppSettings appSettings) {
        return appSettings.get(AppSettings.COSMOS_ENDPOINT)
                .map(endpoint -> cosmos(appSettings, endpoint))
                .orElseGet(() -> inMemory(appSettings));
    }

    static StateAdapters inMemory(AppSettings appSettings) {
        return new StateAdapters(new InMemoryHealthRecords(), new InMemoryElectionRecords(),
                new InMemorySettingsStore(appSettings.autoscaleSeed()), new InMemoryLicenseUsage(),
                new InMemoryEventHistory());
    }

    private static StateAdapters cosmos(AppSettings appSettings, String endpoint) {
        CosmosStore store = CosmosStore.of(CosmosStore.Config.of(endpoint,
                appSettings.get(AppSettings.COSMOS_KEY).orElse(null),
                appSettings.get(AppSettings.AZURE_CLIENT_ID).orElse(null),
                appSettings.require(AppSettings.COSMOS_DATABASE))).connect();
        return new StateAdapters(new CosmosHealthRecords(store), new CosmosElectionRecords(store),
                new CosmosSettingsStore(store, appSettings.autoscaleSeed()), new CosmosLicenseUsage(store),
                new CosmosEventHistory(store));
    }
}
