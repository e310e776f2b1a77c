package com.fortinet.autoscale.adapter.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.health.HealthRecords;
import com.fortinet.autoscale.domain.health.HealthRecordsContract;
import com.fortinet.autoscale.support.CosmosServer;
import org.junit.jupiter.api.Test;

/** The health-record contract against the Cosmos DB server, plus what only Cosmos DB has: partitions and TTL. */
class CosmosHealthRecordsContractIT extends HealthRecordsContract {
    private CosmosStore store;

    @Override
    protected HealthRecords newStore() {
        store = CosmosServer.get().newStore("contract");
        return new CosmosHealthRecords(store);
    }

    @Test
    void theRecordsOfAnotherClusterAreNeitherReadNorChanged() {
        // Setup: the same vmId in two clusters (two logical partitions) of one container.
        HealthRecords mine = new CosmosHealthRecords(store);
        HealthRecords theirs = new CosmosHealthRecords(CosmosServer.get().newStore("contract"));
        theirs.create(full(VM_A, 7));
        theirs.create(full(VM_B, 7));

        // Invoke
        mine.create(full(VM_A, 1));
        boolean deleted = mine.delete(VM_B);

        // Verify
        assertEquals(1, mine.readAll().size());
        assertEquals(1, mine.read(VM_A).orElseThrow().value().lossCount());
        assertTrue(!deleted && theirs.read(VM_B).isPresent());
        assertEquals(7, theirs.read(VM_A).orElseThrow().value().lossCount());
    }

    @Test
    void healthRecordsExpireAWeekAfterTheirLastWrite() {
        // Setup
        new CosmosHealthRecords(store).readAll();

        // Invoke
        Integer ttl = store.container(CosmosStore.HEALTH_RECORDS).read().getProperties()
                .getDefaultTimeToLiveInSeconds();

        // Verify
        assertEquals(7 * 24 * 3600, ttl);
        assertEquals(CosmosStore.PARTITION_KEY_PATH, store.container(CosmosStore.HEALTH_RECORDS).read()
                .getProperties().getPartitionKeyDefinition().getPaths().get(0));
    }
}
