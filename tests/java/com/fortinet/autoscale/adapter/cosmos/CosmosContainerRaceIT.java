package com.fortinet.autoscale.adapter.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.support.CosmosServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several processes starting at once on a database nobody created yet (two local runners, a fresh test database):
 * each checks the same containers, and one may create a container between another's read and create. That second
 * process gets 409 from its create; it must check again and go on, not fail its first operations.
 */
class CosmosContainerRaceIT {
    @Test
    void storesStartingTogetherOnAFreshDatabaseAllCheckTheirContainers() throws Exception {
        CosmosServer server = CosmosServer.get();
        String database = "race-" + UUID.randomUUID();
        int stores = 6;
        ExecutorService pool = Executors.newFixedThreadPool(stores);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<?>>> reads = new ArrayList<>();
            for (int i = 0; i < stores; i++) {
                // A store per "process": each has its own containers to check (clients are shared per account).
                CosmosHealthRecords records = new CosmosHealthRecords(server.newStore(database));
                reads.add(pool.submit(() -> {
                    go.await();
                    return records.read(VmId.of("00000000-0000-4000-8000-000000000001"));
                }));
            }
            go.countDown();
            int answered = 0;
            for (Future<Optional<?>> read : reads) {
                assertTrue(read.get(60, TimeUnit.SECONDS).isEmpty(), "nothing stored yet");
                answered++;
            }
            assertEquals(stores, answered);
        } finally {
            pool.shutdownNow();
        }
    }
}
