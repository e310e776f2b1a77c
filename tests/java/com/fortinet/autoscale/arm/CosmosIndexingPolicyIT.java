package com.fortinet.autoscale.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosClientBuilder;
import com.azure.cosmos.models.PartitionKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fortinet.autoscale.adapter.cosmos.CosmosElectionRecords;
import com.fortinet.autoscale.adapter.cosmos.CosmosHealthRecords;
import com.fortinet.autoscale.adapter.cosmos.CosmosLicenseUsage;
import com.fortinet.autoscale.adapter.cosmos.CosmosSettingsStore;
import com.fortinet.autoscale.adapter.cosmos.CosmosStore;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.health.Heartbeat;
import com.fortinet.autoscale.domain.heartbeat.HeartbeatService;
import com.fortinet.autoscale.domain.licensing.LicenseAssignment;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.support.CosmosServer;
import com.fortinet.autoscale.support.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The no-index policies against the Cosmos DB test server: the adapter creates every container with the policy the
 * template deploys, and what the product does on them (point reads, conditional replaces, creates, deletes,
 * partition read feeds) still works. Also prints the measured item sizes the README's request-unit figures use.
 */
class CosmosIndexingPolicyIT {
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static CosmosClient inspector;

    @BeforeAll
    static void inspector() {
        CosmosServer server = CosmosServer.get();
        inspector = new CosmosClientBuilder().endpoint(server.endpoint()).key(CosmosServer.KEY).gatewayMode()
                .buildClient();
    }

    @AfterAll
    static void close() {
        inspector.close();
    }

    @Test
    void theAdapterCreatesEveryContainerWithTheTemplatesPolicyAndTheProductsOperationsWorkOnIt() {
        // Setup: a fresh database, so that the adapter creates every container itself
        CosmosStore store = CosmosServer.get().newStore("indexing");
        CosmosHealthRecords health = new CosmosHealthRecords(store);
        CosmosElectionRecords election = new CosmosElectionRecords(store);
        CosmosLicenseUsage licenses = new CosmosLicenseUsage(store);
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
        Member primary = member(1);
        Member secondary = member(2);
        HeartbeatService heartbeats = App.builder(AppSettings.of(Map.of()))
                .clock(clock).healthRecords(health).electionRecords(election)
                .scaleSets(new StaticScaleSets(List.of(primary, secondary))).build().heartbeats();

        // Invoke: first heartbeats (create, election), steady ones (point read + conditional replace), the
        // partition read feeds of the election, the licenses and the settings
        for (int round = 0; round < 4; round++) {
            for (Member m : List.of(primary, secondary)) {
                heartbeats.handle(fortiOs7(m.vmId(), round, clock.instant()), "indexing-" + round);
            }
            clock.advance(INTERVAL);
        }
        String sha = "ab".repeat(32);
        licenses.create(new LicenseAssignment(sha, "FGVM01.lic", primary.vmId(), "byol", clock.instant()));
        Map<String, String> settings = new CosmosSettingsStore(store, Map.of("heartbeat-interval", "30")).readAll();
        com.fortinet.autoscale.adapter.cosmos.CosmosEventHistory events =
                new com.fortinet.autoscale.adapter.cosmos.CosmosEventHistory(store);
        events.append(new com.fortinet.autoscale.domain.notification.Notification(
                com.fortinet.autoscale.domain.notification.Notification.Type.PRIMARY_ELECTED, primary.vmId().value(),
                "primary elected", Map.of("term", 1), clock.instant(), "indexing"));

        // Verify: the product's operations
        assertEquals(2, health.readAll().size());
        assertEquals(4L, health.read(secondary.vmId()).orElseThrow().value().sequence());
        assertEquals(primary.vmId(), election.read().orElseThrow().value().vmId());
        assertEquals(1, licenses.readAll().size());
        assertTrue(licenses.delete(sha, licenses.read(sha).orElseThrow().version()));
        assertEquals("30", settings.get("heartbeat-interval"));
        assertEquals(1, events.recent(20).size());

        // Verify: the containers as the server keeps them, against the template
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());
        Map<String, Map<String, Object>> deployed = new TreeMap<>();
        Map<String, Map<String, Object>> created = new TreeMap<>();
        CosmosIndexing.ofTemplate(d).forEach((name, c) -> {
            deployed.put(name, c.indexingPolicy());
            created.put(name, CosmosIndexing.normalize(inspector.getDatabase(store.config().database())
                    .getContainer(name).read().getProperties().getIndexingPolicy()));
        });
        assertEquals(deployed, created);

        // The sizes the request-unit estimate in the README starts from
        String database = store.config().database();
        PartitionKey pk = new PartitionKey(store.config().clusterId());
        JsonNode record = inspector.getDatabase(database).getContainer(CosmosStore.HEALTH_RECORDS)
                .readItem(secondary.vmId().toString(), pk, JsonNode.class).getItem();
        JsonNode elected = inspector.getDatabase(database).getContainer(CosmosStore.ELECTION)
                .readItem("primary", pk, JsonNode.class).getItem();
        System.out.printf("item sizes (system properties included): health record %d bytes, %d properties of its own"
                        + " with a value; election record %d bytes, %d properties of its own with a value%n",
                bytes(record), valued(record), bytes(elected), valued(elected));
        assertTrue(bytes(record) < 1024 && bytes(elected) < 1024, "each item a steady heartbeat touches is < 1 KB");
    }

    private static Heartbeat fortiOs7(VmId vm, long sequence, Instant now) {
        return new Heartbeat(vm, INTERVAL, sequence + 1, now, now.minusSeconds(5), null, true, null,
                "3a0c1b5e0d2f4a8b9c7d6e5f4a3b2c1d");
    }

    private static Member member(int n) {
        return new Member(VmId.of("1d0e0000-0000-4000-8000-00000000000" + n), "byol", Member.Licensing.BYOL,
                String.valueOf(n), "10.0.1." + (20 + n));
    }

    private static int bytes(JsonNode item) {
        return item.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** The item's own properties (not the system's {@code _rid, _ts, ...}) with a value: what the default policy indexes. */
    private static int valued(JsonNode item) {
        int n = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNull() && !e.getKey().startsWith("_")) {
                n++;
            }
        }
        return n;
    }
}
