package com.fortinet.autoscale.adapter.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.cosmos.models.CosmosItemRequestOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fortinet.autoscale.domain.settings.SettingsStore;
import com.fortinet.autoscale.domain.settings.SettingsStoreContract;
import com.fortinet.autoscale.support.CosmosServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The settings contract against the Cosmos DB server, plus seeding: exactly once per deployment, even when
 * many hosts start at once, and never over an operator's value.
 */
class CosmosSettingsStoreContractIT extends SettingsStoreContract {
    private CosmosStore store;

    @BeforeEach
    void freshCluster() {
        store = CosmosServer.get().newStore("contract");
    }

    @Override
    protected SettingsStore start(Map<String, String> seed) {
        return new CosmosSettingsStore(store, seed);
    }

    @Override
    protected void operatorSets(String key, String value) {
        operatorWrites(key, n -> n.put("value", value));
    }

    private void operatorWrites(String key, Consumer<ObjectNode> value) {
        ObjectNode item = JsonNodeFactory.instance.objectNode().put("id", key).put("clusterId", store.clusterId());
        value.accept(item);
        store.container(CosmosStore.SETTINGS).upsertItem(item, store.partition(), new CosmosItemRequestOptions());
    }

    /** Every stored item's ETag by id, the seeding marker included. */
    private Map<String, String> etags() {
        Map<String, String> etags = new HashMap<>();
        for (JsonNode n : store.container(CosmosStore.SETTINGS).readAllItems(store.partition(), JsonNode.class)) {
            etags.put(n.get("id").asText(), n.get("_etag").asText());
        }
        return etags;
    }

    @Test
    void settingsAreSeededExactlyOnceWhenManyHostsStartAtOnce() throws Exception {
        // Setup: an operator set one key before the first start; 8 hosts then start at the same moment.
        operatorSets("heartbeat-loss-count", "5");
        int hosts = 8;
        ExecutorService pool = Executors.newFixedThreadPool(hosts);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Map<String, String>>> reads = new ArrayList<>();
        try {
            for (int h = 0; h < hosts; h++) {
                SettingsStore host = start(SEED);
                reads.add(pool.submit(() -> {
                    start.await();
                    return host.readAll();
                }));
            }

            // Invoke
            start.countDown();
            List<Map<String, String>> seen = new ArrayList<>();
            for (Future<Map<String, String>> f : reads) {
                seen.add(f.get(60, TimeUnit.SECONDS));
            }

            // Verify: every host reads the same settings, the operator's value won, and a later start
            // rewrites nothing (every item keeps its ETag).
            Map<String, String> expected = new HashMap<>(SEED);
            expected.put("heartbeat-loss-count", "5");
            seen.forEach(s -> assertEquals(expected, s));
            Map<String, String> afterRace = etags();
            assertEquals(SEED.size() + 1, afterRace.size(), "one item per key plus the seeding marker");
            assertTrue(afterRace.containsKey(CosmosSettingsStore.SEEDED_MARKER));
            assertEquals(expected, start(Map.of("heartbeat-interval", "99")).readAll());
            assertEquals(afterRace, etags());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeyAnOperatorDeletesAfterSeedingIsNotSeededAgain() {
        // Setup
        start(SEED).readAll();
        store.container(CosmosStore.SETTINGS).deleteItem("heartbeat-interval", store.partition(),
                new CosmosItemRequestOptions());

        // Invoke
        Map<String, String> read = start(SEED).readAll();

        // Verify: the key falls back to its default instead of coming back from app settings.
        assertFalse(read.containsKey("heartbeat-interval"));
        assertEquals("10", read.get("heartbeat-loss-count"));
    }

    @Test
    void numbersAndBooleansAnOperatorTypesAsJsonReadAsText() {
        // Setup
        start(SEED).readAll();
        operatorWrites("heartbeat-delay-allowance", n -> n.put("value", 0.5));
        operatorWrites("terminate-unhealthy-vm", n -> n.put("value", true));
        operatorWrites("faz-ip", n -> n.putNull("value"));

        // Invoke
        Map<String, String> read = start(SEED).readAll();

        // Verify
        assertEquals("0.5", read.get("heartbeat-delay-allowance"));
        assertEquals("true", read.get("terminate-unhealthy-vm"));
        assertFalse(read.containsKey("faz-ip"), "a null value counts as unset");
        assertFalse(read.containsKey(CosmosSettingsStore.SEEDED_MARKER), "the marker is not a setting");
    }
}
