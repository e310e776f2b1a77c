package com.fortinet.autoscale.adapter.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CosmosStoreConfigTest {
    private static final String KEY = "c2VjcmV0LWtleS1uZXZlci1sb2dnZWQ=";

    @Test
    void theProductDefaultsBoundEveryWaitToSeconds() {
        // Invoke
        CosmosStore.Config c = CosmosStore.Config.of("https://acct.documents.azure.com:443/", null, "client-id", "db");

        // Verify
        assertEquals(CosmosStore.DEFAULT_CLUSTER_ID, c.clusterId());
        assertEquals(Duration.ofSeconds(3), c.operationTimeout());
        assertEquals(Duration.ofSeconds(5), c.initTimeout());
    }

    @Test
    void theKeyNeverShowsInTheTextOfAConfig() {
        // Invoke
        String text = CosmosStore.Config.of("https://acct.documents.azure.com:443/", KEY, null, "db").toString();

        // Verify
        assertFalse(text.contains(KEY));
        assertTrue(text.contains("auth=key"));
    }

    @Test
    void aBlankKeyMeansManagedIdentity() {
        // Invoke
        CosmosStore.Config c = CosmosStore.Config.of("https://acct.documents.azure.com:443/", "  ", " ", "db");

        // Verify
        assertNull(c.key());
        assertNull(c.managedIdentityClientId());
        assertTrue(c.toString().contains("managed identity"));
    }

    @Test
    void anEndpointThatIsNotHttpsIsRefusedByName() {
        // Invoke
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CosmosStore.Config.of("http://acct.documents.azure.com/", null, null, "db"));

        // Verify
        assertTrue(e.getMessage().contains("endpoint"));
    }

    @Test
    void buildingAStoreContactsNothing() {
        // Invoke: an address where nothing listens; no operation is made.
        CosmosStore store = CosmosStore.of(CosmosStore.Config.of("https://127.0.0.1:1/", KEY, null, "db"));

        // Verify
        assertEquals("db", store.config().database());
    }
}
