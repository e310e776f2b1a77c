package com.fortinet.autoscale.adapter.eventgrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.fortinet.autoscale.adapter.log.LoggingNotifier;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.app.CompositeNotifier;
import com.fortinet.autoscale.domain.health.Heartbeat;
import com.fortinet.autoscale.domain.heartbeat.HeartbeatService;
import com.fortinet.autoscale.domain.health.HealthRules;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.support.MutableClock;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Notifications published to a local HTTP endpoint standing in for an Event Grid topic. */
class EventGridNotifierIT {
    private static final String KEY = "topic-key-0123456789abcdefghij";
    private static final VmId VM = VmId.of("a0000000-0000-4000-8000-000000000000");

    /** What the topic does with a request. */
    private enum Mode { ACCEPT, FAIL, HANG, BAD_REQUEST }

    /** Short retry delays: the tests wait for outcomes, not for time. */
    private static final List<Duration> QUICK = List.of(Duration.ofMillis(10), Duration.ofMillis(10));

    /** A request the topic got. */
    private record Received(Map<String, List<String>> headers, String body) {}

    private HttpServer topic;
    private ExecutorService topicThreads;
    private volatile Mode mode = Mode.ACCEPT;
    /** Requests answered 500 before {@link #mode} applies. */
    private final java.util.concurrent.atomic.AtomicInteger failFirst = new java.util.concurrent.atomic.AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logLines.add(r.getMessage() + " " + (r.getParameters() == null ? "" : List.of(r.getParameters())));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private EventGridNotifier notifier;

    @BeforeEach
    void startTopic() throws IOException {
        topic = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        topicThreads = Executors.newFixedThreadPool(4);
        topic.setExecutor(topicThreads);
        topic.createContext("/api/events", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
                if (mode == Mode.HANG) {
                    release.await(30, TimeUnit.SECONDS);
                }
                boolean fail = failFirst.getAndDecrement() > 0 || mode == Mode.FAIL;
                int status = fail ? 500 : mode == Mode.BAD_REQUEST ? 400 : 200;
                byte[] answer = status != 200 ? "{\"error\":{\"code\":\"InternalError\"}}".getBytes(StandardCharsets.UTF_8)
                        : new byte[0];
                exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
                if (answer.length > 0) {
                    exchange.getResponseBody().write(answer);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        topic.start();
        Logger.getLogger(EventGridNotifier.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stopTopic() {
        Logger.getLogger(EventGridNotifier.class.getName()).removeHandler(capture);
        release.countDown();
        if (notifier != null) {
            notifier.close();
        }
        topic.stop(0);
        topicThreads.shutdownNow();
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + topic.getAddress().getPort() + "/api/events");
    }

    @Test
    void aNotificationIsPostedAsACloudEventWithTheTopicKey() {
        // Setup
        notifier = new EventGridNotifier(endpoint(), EventGridNotifier.Auth.key(KEY), "/fortigate-autoscale/fgt-rg",
                100, Duration.ofSeconds(5));
        Instant at = Instant.parse("2026-11-21T10:00:00Z");

        // Invoke
        notifier.publish(new Notification(Notification.Type.VM_UNHEALTHY, VM.value(), "FortiGate is out-of-sync",
                Map.of("lossCount", 3, "privateIp", "10.0.1.4", "since", at), at, "cid-42"));

        // Verify
        await(() -> notifier.published() == 1);
        Received r = received.get(0);
        assertEquals(List.of(KEY), r.headers().get("Aeg-sas-key"));
        assertTrue(r.headers().get("Content-type").get(0).startsWith("application/cloudevents-batch+json"));
        JsonArray batch = JsonParser.parseString(r.body()).getAsJsonArray();
        assertEquals(1, batch.size());
        JsonObject e = batch.get(0).getAsJsonObject();
        assertEquals("1.0", e.get("specversion").getAsString());
        assertEquals("com.fortinet.autoscale.vm-unhealthy", e.get("type").getAsString());
        assertEquals(VM.value(), e.get("subject").getAsString());
        assertEquals("/fortigate-autoscale/fgt-rg", e.get("source").getAsString());
        assertEquals("2026-11-21T10:00:00Z", e.get("time").getAsString());
        assertEquals("cid-42", e.get("correlationid").getAsString());
        assertFalse(e.get("id").getAsString().isBlank());
        JsonObject data = e.getAsJsonObject("data");
        assertEquals(3, data.get("lossCount").getAsInt());
        assertEquals("10.0.1.4", data.get("privateIp").getAsString());
        assertEquals("2026-11-21T10:00:00Z", data.get("since").getAsString());
    }

    @Test
    void withoutAKeyAManagedIdentityTokenIsSentForEventGrid() {
        // Setup
        List<String> scopes = new CopyOnWriteArrayList<>();
        TokenCredential credential = request -> {
            scopes.addAll(request.getScopes());
            return Mono.just(new AccessToken("entra-token", OffsetDateTime.now().plusHours(1)));
        };
        notifier = new EventGridNotifier(endpoint(), EventGridNotifier.Auth.token(credential), "/src", 10,
                Duration.ofSeconds(5));

        // Invoke
        notifier.publish(new Notification(Notification.Type.PRIMARY_ELECTED, VM.value(), "primary elected",
                Map.of("term", 2L), Instant.now(), "cid"));
        notifier.publish(new Notification(Notification.Type.VM_RECOVERED, VM.value(), "recovered",
                Map.of(), Instant.now(), "cid"));

        // Verify
        await(() -> notifier.published() == 2);
        for (Received r : received) {
            assertEquals(List.of("Bearer entra-token"), r.headers().get("Authorization"));
            assertTrue(r.headers().get("Aeg-sas-key") == null);
        }
        assertEquals("https://eventgrid.azure.net/.default", scopes.get(0));
        assertEquals(1, scopes.size(), "the token is cached");
    }

    @Test
    void aFailingTopicIsLoggedWithoutTheKeyAndDoesNotFailTheHeartbeat() {
        // Setup
        mode = Mode.FAIL;
        notifier = new EventGridNotifier(endpoint(), EventGridNotifier.Auth.key(KEY), "/src", 100,
                Duration.ofSeconds(5), QUICK);
        App app = app(notifier);

        // Invoke: the first heartbeat elects a primary, which notifies
        HeartbeatService.Result result = app.heartbeats().handle(Heartbeat.minimal(VM, Duration.ofSeconds(30)), "cid");

        // Verify
        assertEquals(HealthRules.Disposition.APPLIED, result.disposition());
        // the failure is counted before it is logged: wait for the log line itself
        await(() -> notifier.failed() >= 1 && logLines.stream().anyMatch(l -> l.contains("answered 500")));
        assertTrue(logLines.stream().noneMatch(l -> l.contains(KEY)), "the key is never logged");
    }

    @Test
    void aHangingTopicDelaysNoHeartbeatAndItsQueueStaysBounded() {
        // Setup
        mode = Mode.HANG;
        notifier = new EventGridNotifier(endpoint(), EventGridNotifier.Auth.key(KEY), "/src", 4,
                Duration.ofSeconds(2));
        App app = app(notifier);

        // Invoke: a heartbeat that notifies, then far more notifications than the queue holds
        long started = System.nanoTime();
        HeartbeatService.Result result = app.heartbeats().handle(Heartbeat.minimal(VM, Duration.ofSeconds(30)), "cid");
        for (int i = 0; i < 200; i++) {
            notifier.publish(new Notification(Notification.Type.HEARTBEAT_LATE, VM.value(), "late", Map.of(),
                    Instant.now(), "cid"));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // Verify: nothing waited for the topic, the overflow was dropped, the hung publish timed out and was logged
        assertEquals(HealthRules.Disposition.APPLIED, result.disposition());
        assertTrue(took.compareTo(Duration.ofMillis(500)) < 0, "took " + took);
        assertTrue(notifier.dropped() >= 190, "dropped " + notifier.dropped());
        await(() -> logLines.stream().anyMatch(l -> l.contains("HttpTimeoutException")));
    }

    @Test
    void aBatchTheTopicCouldNotTakeIsSentAgainWithTheSameEventIdsUntilItIsAccepted() {
        // Setup
        failFirst.set(2);
        notifier = new EventGridNotifier(endpoint(), EventGridNotifier.Auth.key(KEY), "/src", 100,
                Duration.ofSeconds(5), List.of(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10)));

        // Invoke
        notifier.publish(new Notification(Notification.Type.PRIMARY_ELECTED, VM.value(), "primary elected",
                Map.of("term", 2), Instant.now(), "cid"));

        // Verify
        await(() -> notifier.published() == 1);
        assertEquals(3, received.size(), "two refusals, then the delivery");
        assertEquals(1, received.stream().map(Received::body).distinct().count(), "the same body and event id");
        assertEquals(2, notifier.retried());
        assertEquals(0, notifier.failed());
    }

    @Test
    void aTopicThatKeepsFailingCostsOnlyThatBatchAfterTheLastDelayAndLaterEventsStillGo() {
        // Setup
        mode = Mode.FAIL;
        notifier = new EventGridNotifier(endpoint(), EventGridNotifier.Auth.key(KEY), "/src", 100,
                Duration.ofSeconds(5), QUICK);

        // Invoke
        notifier.publish(new Notification(Notification.Type.VM_UNHEALTHY, VM.value(), "out-of-sync", Map.of(),
                Instant.now(), "cid"));
        await(() -> notifier.failed() == 1);
        mode = Mode.ACCEPT;
        notifier.publish(new Notification(Notification.Type.VM_RECOVERED, VM.value(), "in-sync", Map.of(),
                Instant.now(), "cid"));

        // Verify
        await(() -> notifier.published() == 1);
        assertEquals(4, received.size(), "three attempts at the first batch, one at the second");
        assertTrue(logLines.stream().anyMatch(l -> l.contains("dropped 1 event(s) after 3 attempt(s)")), logLines.toString());
        assertTrue(logLines.stream().noneMatch(l -> l.contains(KEY)), "the key is never logged");
    }

    @Test
    void aRefusalForGoodIsNotRetried() {
        // Setup
        mode = Mode.BAD_REQUEST;
        notifier = new EventGridNotifier(endpoint(), EventGridNotifier.Auth.key(KEY), "/src", 100,
                Duration.ofSeconds(5), QUICK);

        // Invoke: a refused batch, then one the topic takes (the thread sends one batch at a time)
        notifier.publish(new Notification(Notification.Type.VM_UNHEALTHY, VM.value(), "out-of-sync", Map.of(),
                Instant.now(), "cid"));
        await(() -> notifier.failed() == 1);
        mode = Mode.ACCEPT;
        notifier.publish(new Notification(Notification.Type.VM_RECOVERED, VM.value(), "in-sync", Map.of(),
                Instant.now(), "cid"));

        // Verify
        await(() -> notifier.published() == 1);
        assertEquals(2, received.size(), "the 400 was not sent again");
        assertEquals(0, notifier.retried());
    }

    @Test
    void duringAnOutageNewEventsWaitInTheQueueUpToItsCapacityAndGoOutWhenTheTopicIsBack() {
        // Setup: a topic down for as long as the test says, a queue of 4
        mode = Mode.FAIL;
        notifier = new EventGridNotifier(endpoint(), EventGridNotifier.Auth.key(KEY), "/src", 4,
                Duration.ofSeconds(5), java.util.Collections.nCopies(10_000, Duration.ofMillis(5)));
        notifier.publish(new Notification(Notification.Type.PRIMARY_ELECTED, VM.value(), "first", Map.of(),
                Instant.now(), "cid"));
        await(() -> notifier.retried() >= 1); // the first batch is out of the queue, being retried

        // Invoke
        for (int i = 0; i < 10; i++) {
            notifier.publish(new Notification(Notification.Type.HEARTBEAT_LATE, VM.value(), "late " + i, Map.of(),
                    Instant.now(), "cid"));
        }
        mode = Mode.ACCEPT;

        // Verify: the first batch and the four queued events are delivered; the six beyond capacity were dropped
        await(() -> notifier.published() == 5);
        assertEquals(6, notifier.dropped());
        assertEquals(0, notifier.failed());
    }

    private static App app(EventGridNotifier eventGrid) {
        Member m = new Member(VM, "byol", Member.Licensing.BYOL, "0", "10.0.1.4");
        return App.builder(AppSettings.of(Map.of("BYOL_SCALING_GROUP_NAME", "byol")))
                .clock(MutableClock.at("2026-11-21T10:00:00Z"))
                .scaleSets(new StaticScaleSets(List.of(m)))
                .notifier(new CompositeNotifier(List.of(new LoggingNotifier(), eventGrid)))
                .build();
    }

    /** A bounded wait: the condition must hold within 10 seconds. */
    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within 10 s");
            }
            LockSupport.parkNanos(10_000_000);
        }
    }
}
