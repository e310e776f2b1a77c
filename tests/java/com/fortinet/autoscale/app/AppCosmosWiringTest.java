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
        StateAdapters state = StateAdapters.from(settings);

        // Verify
        assertInstanceOf(CosmosHealthRecords.class, state.health());
        assertInstanceOf(CosmosElectionRecords.class, state.election());
        assertInstanceOf(CosmosLicenseUsage.class, state.licenseUsage());
        assertInstanceOf(com.fortinet.autoscale.adapter.cosmos.CosmosEventHistory.class, state.events());
    }

    @Test
    void withoutACosmosEndpointTheStateLivesInMemory() {
        // Invoke
        StateAdapters state = StateAdapters.from(AppSettings.of(Map.of(AppSettings.COSMOS_ENDPOINT, " ")));

        // Verify
        assertInstanceOf(InMemoryHealthRecords.class, state.health());
        assertInstanceOf(InMemoryElectionRecords.class, state.election());
        assertInstanceOf(InMemoryLicenseUsage.class, state.licenseUsage());
    }
}
