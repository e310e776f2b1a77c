package com.fortinet.autoscale.app;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fortinet.autoscale.adapter.cosmos.CosmosElectionRecords;
import com.fortinet.autoscale.adapter.cosmos.CosmosHealthRecords;
import com.fortinet.autoscale.adapter.cosmos.CosmosLicenseUsage;
import com.fortinet.autoscale.adapter.memory.InMemoryElectionRecords;
import com.fortinet.autoscale.adapter.memory.InMemoryHealthRecords;
import com.fortinet.autoscale.adapter.memory.InMemoryLicenseUsage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppCosmosWiringTest {
    @Test
    void withACosmosEndpointTheStateLivesInCosmosDbAndNothingIsContactedBeforeTheFirstRequest() {
        // Setup: an endpoint where nothing listens.
        AppSettings settings = AppSettings.of(Map.of(AppSettings.COSMOS_ENDPOINT, "https://127.0.0.1:1/",
                AppSettings.COSMOS_KEY, "a2V5"));

        // Invoke
        App app = App.fromSettings(settings);

        // Verify
        assertInstanceOf(CosmosHealthRecords.class, app.healthRecords());
        assertInstanceOf(CosmosElectionRecords.class, app.electionRecords());
        assertInstanceOf(CosmosLicenseUsage.class, app.licenseUsage());
        assertInstanceOf(com.fortinet.autoscale.adapter.cosmos.CosmosEventHistory.class, app.eventHistory());
    }

    @Test
    void withoutACosmosEndpointTheStateLivesInMemory() {
        // Invoke
        App app = App.fromSettings(AppSettings.of(Map.of(AppSettings.COSMOS_ENDPOINT, " ")));

        // Verify
        assertInstanceOf(InMemoryHealthRecords.class, app.healthRecords());
        assertInstanceOf(InMemoryElectionRecords.class, app.electionRecords());
        assertInstanceOf(InMemoryLicenseUsage.class, app.licenseUsage());
    }
}
