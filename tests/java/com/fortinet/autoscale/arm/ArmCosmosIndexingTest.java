package com.fortinet.autoscale.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fortinet.autoscale.adapter.cosmos.CosmosStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Indexing that matches access (the product reads by id and by partition, never queries): every Cosmos DB
 * container keeps no index, and the template deploys exactly the policy the adapter creates a missing container
 * with.
 */
class ArmCosmosIndexingTest {

    @Test
    void theTemplateAndTheAdapterDeclareTheSameIndexingPolicyForEveryContainer() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());

        // Invoke
        Map<String, Map<String, Object>> template = new TreeMap<>();
        Map<String, Map<String, Object>> adapter = new TreeMap<>();
        CosmosIndexing.ofTemplate(d).forEach((name, c) -> {
            template.put(name, c.indexingPolicy());
            adapter.put(name, CosmosIndexing.normalize(CosmosStore.indexingPolicy(name)));
        });

        // Verify
        assertEquals(List.of(CosmosStore.ELECTION, CosmosStore.EVENTS, CosmosStore.HEALTH_RECORDS,
                CosmosStore.LICENSE_USAGE, CosmosStore.SETTINGS), new ArrayList<>(template.keySet()));
        assertEquals(adapter, template);
    }

    @Test
    void everyContainerKeepsNoIndexInTheStrictestFormCosmosAllowsForIt() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());

        // Invoke
        List<String> problems = new ArrayList<>();
        Map<String, Object> modes = new TreeMap<>();
        CosmosIndexing.ofTemplate(d).forEach((name, c) -> {
            problems.addAll(CosmosIndexing.problems(name, c));
            modes.put(name, c.indexingPolicy().get("indexingMode"));
        });

        // Verify: none wherever there is no TTL; the health records (TTL) exclude every path instead
        assertEquals(List.of(), problems);
        assertEquals(Map.of(CosmosStore.HEALTH_RECORDS, "consistent", CosmosStore.EVENTS, "consistent",
                CosmosStore.ELECTION, "none", CosmosStore.SETTINGS, "none", CosmosStore.LICENSE_USAGE, "none"), modes);
    }

    @Test
    void theRuleRefusesPoliciesThatIndexOrThatCosmosWouldRefuse() {
        // Setup
        Map<String, Object> defaultPolicy = CosmosIndexing.normalize(Map.of("indexingMode", "Consistent",
                "includedPaths", List.of(Map.of("path", "/*")),
                "excludedPaths", List.of(Map.of("path", "/\"_etag\"/?"))));
        Map<String, Object> noneAutomatic = CosmosIndexing.normalize(Map.of("indexingMode", "none"));
        Map<String, Object> none = CosmosIndexing.normalize(Map.of("indexingMode", "none", "automatic", false));
        Map<String, Object> excluded = CosmosIndexing.normalize(Map.of("indexingMode", "consistent",
                "excludedPaths", List.of(Map.of("path", "/*"))));

        // Invoke / Verify
        assertFalse(CosmosIndexing.problems("c", new CosmosIndexing.Container(604800L, defaultPolicy)).isEmpty(),
                "the default policy indexes every property");
        assertFalse(CosmosIndexing.problems("c", new CosmosIndexing.Container(null, noneAutomatic)).isEmpty(),
                "none needs automatic=false");
        assertFalse(CosmosIndexing.problems("c", new CosmosIndexing.Container(604800L, none)).isEmpty(),
                "none with a TTL is refused by Cosmos DB");
        assertFalse(CosmosIndexing.problems("c", new CosmosIndexing.Container(null, excluded)).isEmpty(),
                "without a TTL, none is possible and cheaper");
        assertEquals(List.of(), CosmosIndexing.problems("c", new CosmosIndexing.Container(604800L, excluded)));
        assertEquals(List.of(), CosmosIndexing.problems("c", new CosmosIndexing.Container(null, none)));
    }
}
