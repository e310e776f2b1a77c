package com.fortinet.autoscale.adapter.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.election.ElectionRecords;
import com.fortinet.autoscale.local.LocalRunner;
import com.fortinet.autoscale.support.CosmosServer;
import com.fortinet.autoscale.support.FaultProxy;
import com.fortinet.autoscale.support.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat function served by the local runner, with its state in the Cosmos DB server behind a
 * {@link FaultProxy}: when the server stops or answers too slowly mid-request, the device gets a 503 with
 * {@code Retry-After} within seconds, no item is left half-written, and heartbeats work again once the
 * server is back. The store uses the product's timeouts.
 */
class CosmosFaultIT {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration FAST_ENOUGH = Duration.ofSeconds(8);
    private static final Member PRIMARY = new Member(VmId.of("fa010000-0000-4000-8000-000000000001"), "byol",
            Member.Licensing.BYOL, "1", "10.0.1.11");
    private static final Member DEVICE = new Member(VmId.of("fa010000-0000-4000-8000-000000000002"), "byol",
            Member.Licensing.BYOL, "2", "10.0.1.12");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MutableClock clock = new MutableClock(T0);
    private FaultProxy proxy;
    private LocalRunner runner;
    private CosmosStore direct;

    @AfterEach
    void tearDown() {
        if (runner != null) {
            runner.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    /**
     * The app with its Cosmos DB state reached through a new proxy (so a client of its own, built on first
     * use), and a direct store on the same cluster to look at what was written.
     *
     * @param stallAfterElectionRead armed: the proxy starts holding answers right after the next election read
     */
    private void start(AtomicBoolean stallAfterElectionRead) throws Exception {
        CosmosServer server = CosmosServer.get();
        proxy = new FaultProxy(server.port());
        CosmosStore.Config product = CosmosStore.Config.of(proxy.endpoint(), CosmosServer.KEY, null, "fault");
        CosmosStore.Config viaProxy = product.withClusterId("fault-" + java.util.UUID.randomUUID());
        CosmosStore store = CosmosStore.of(viaProxy);
        direct = CosmosStore.of(new CosmosStore.Config(server.endpoint(), CosmosServer.KEY, null, "fault",
                viaProxy.clusterId(), Duration.ofSeconds(3), Duration.ofSeconds(30)));
        ElectionRecords elections = new CosmosElectionRecords(store);
        ElectionRecords watched = new ElectionRecords() {
            @Override
            public Optional<Versioned<Primary>> read() {
                Optional<Versioned<Primary>> r = elections.read();
                if (stallAfterElectionRead.getAndSet(false)) {
                    proxy.stallResponses();
                }
                return r;
            }

            @Override
            public Versioned<Primary> create(Primary primary) {
                return elections.create(primary);
            }

            @Override
            public Versioned<Primary> replace(Primary primary, String expectedVersion) {
                return elections.replace(primary, expectedVersion);
            }
        };
        AppSettings appSettings = AppSettings.of(Map.of());
        App app = App.builder(appSettings)
                .clock(clock)
                .healthRecords(new CosmosHealthRecords(store))
                .electionRecords(watched)
                .settingsStore(new CosmosSettingsStore(store, appSettings.autoscaleSeed()))
                .licenseUsage(new CosmosLicenseUsage(store))
                .scaleSets(new StaticScaleSets(List.of(PRIMARY, DEVICE)))
                .build();
        runner = LocalRunner.start(app, 0);
    }

    private HttpResponse<String> heartbeat(Member m) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + runner.port() + "/api/fgt-as-handler"))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"instance\":\"" + m.vmId() + "\",\"interval\":30}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The cluster running: both devices heartbeat twice, the first one is primary. */
    private void steadyCluster() throws Exception {
        assertEquals(200, heartbeat(PRIMARY).statusCode());
        assertEquals(200, heartbeat(DEVICE).statusCode());
        clock.advanceSeconds(30);
        assertEquals(200, heartbeat(PRIMARY).statusCode());
        assertEquals(200, heartbeat(DEVICE).statusCode());
    }

    private Versioned<HealthRecord> stored(Member m) {
        return new CosmosHealthRecords(direct).read(m.vmId()).orElseThrow();
    }

    private Versioned<Primary> storedElection() {
        return new CosmosElectionRecords(direct).read().orElseThrow();
    }

    private static void assertUnavailableWithRetryAfter(HttpResponse<String> r, Duration took) {
        assertEquals(503, r.statusCode(), r.body());
        String retryAfter = r.headers().firstValue("Retry-After").orElse("");
        assertTrue(retryAfter.matches("[1-9][0-9]*"), "Retry-After in seconds, got '" + retryAfter + "'");
        assertFalse(r.body().contains("\n") || r.body().contains("Exception"), "one line, no stack trace");
        assertTrue(took.compareTo(FAST_ENOUGH) < 0, "answered within " + FAST_ENOUGH + ", took " + took);
    }

    /** Heartbeats until one is taken, for at most 20 s (the client reconnects on its own). */
    private HttpResponse<String> heartbeatUntilTaken(Member m) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        HttpResponse<String> r = heartbeat(m);
        while (r.statusCode() != 200 && Instant.now().isBefore(deadline)) {
            r = heartbeat(m);
        }
        return r;
    }

    @Test
    void aStoppedServerGetsA503WithRetryAfterChangesNothingAndHeartbeatsWorkWhenItIsBack() throws Exception {
        // Setup
        start(new AtomicBoolean(false));
        steadyCluster();
        Versioned<HealthRecord> before = stored(DEVICE);
        Versioned<Primary> electionBefore = storedElection();
        proxy.down();
        clock.advanceSeconds(30);

        // Invoke
        long t0 = System.nanoTime();
        HttpResponse<String> during = heartbeat(DEVICE);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        // Verify
        System.out.println("heartbeat with the Cosmos DB server stopped: " + during.statusCode() + " after "
                + took.toMillis() + " ms, Retry-After " + during.headers().firstValue("Retry-After").orElse("-"));
        assertUnavailableWithRetryAfter(during, took);
        assertEquals(before, stored(DEVICE), "the record is untouched");
        assertEquals(electionBefore, storedElection(), "the election record is untouched");

        proxy.pass();
        HttpResponse<String> after = heartbeatUntilTaken(DEVICE);
        assertEquals(200, after.statusCode(), after.body());
        assertEquals(clock.instant(), stored(DEVICE).value().lastArrival());
    }

    @Test
    void aServerTooSlowToAnswerAWriteGetsA503AndLeavesOnlyWholeRecords() throws Exception {
        // Setup: the write reaches the server, its answer never comes back in time.
        AtomicBoolean stall = new AtomicBoolean(false);
        start(stall);
        steadyCluster();
        Versioned<HealthRecord> before = stored(DEVICE);
        clock.advanceSeconds(30);
        stall.set(true);

        // Invoke
        long t0 = System.nanoTime();
        HttpResponse<String> during = heartbeat(DEVICE);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        // Verify: the device was told to retry; the record is the old one or the new one, whole.
        System.out.println("heartbeat with the Cosmos DB server answering too slowly: " + during.statusCode()
                + " after " + took.toMillis() + " ms, Retry-After "
                + during.headers().firstValue("Retry-After").orElse("-"));
        assertUnavailableWithRetryAfter(during, took);
        HealthRecord now = stored(DEVICE).value();
        assertTrue(now.equals(before.value()) || (now.lastArrival().equals(clock.instant())
                        && now.nextExpected().equals(clock.instant().plusSeconds(30)) && now.lossCount() == 0
                        && now.vmId().equals(DEVICE.vmId()) && now.firstSeen().equals(before.value().firstSeen())),
                "old or new record, never a mix: " + now);

        proxy.pass();
        clock.advanceSeconds(30);
        HttpResponse<String> after = heartbeatUntilTaken(DEVICE);
        assertEquals(200, after.statusCode(), after.body());
        HealthRecord recovered = stored(DEVICE).value();
        assertEquals(clock.instant(), recovered.lastArrival());
        // A write that landed made this heartbeat on time; one that did not makes it one interval late.
        assertEquals(now.equals(before.value()) ? 1 : 0, recovered.lossCount());
    }

    @Test
    void aFirstRequestWhileTheServerIsDownGetsA503QuicklyAndTheNextOneAfterItIsBackWorks() throws Exception {
        // Setup: nothing was ever read through this proxy, so the first request also builds the client.
        start(new AtomicBoolean(false));
        proxy.down();

        // Invoke
        long t0 = System.nanoTime();
        HttpResponse<String> cold = heartbeat(PRIMARY);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        // Verify
        System.out.println("first heartbeat with the Cosmos DB server stopped: " + cold.statusCode() + " after "
                + took.toMillis() + " ms");
        assertUnavailableWithRetryAfter(cold, took);
        assertTrue(new CosmosHealthRecords(direct).readAll().isEmpty(), "nothing was written");

        proxy.pass();
        HttpResponse<String> after = heartbeatUntilTaken(PRIMARY);
        assertEquals(200, after.statusCode(), after.body());
        assertEquals(PRIMARY.vmId(), storedElection().value().vmId());
    }
}
