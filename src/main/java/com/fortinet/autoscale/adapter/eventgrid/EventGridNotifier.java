package com.fortinet.autoscale.adapter.eventgrid;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.domain.notification.Notifier;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes every notification (SPEC §8) as a CloudEvent 1.0 to an Azure Event Grid topic whose input
 * schema is CloudEvents: type {@code com.fortinet.autoscale.<event>} (e.g.
 * {@code com.fortinet.autoscale.vm-unhealthy}), subject the vmId (or {@code cluster}), data the
 * notification's details; the extensions {@code correlationid} and {@code message} carry the rest.
 *
 * <p>Never in the caller's way: {@link #publish} only puts the event in a bounded queue (a full queue
 * drops the event, with a log line) and one background thread posts batches with a connect and a request
 * timeout. A batch the topic could not take for a passing reason (no answer, a timeout, 408, 429 or 5xx) is
 * sent again, same body and same event ids so a subscriber can tell a repeat, after each of the retry delays
 * (a {@code Retry-After} of the topic is honoured up to the longest delay); meanwhile new events wait in the
 * queue, so an outage costs at most the queue's capacity. A batch still refused after the last delay, or
 * refused for good (another 4xx), is dropped with a log line; the notification is in the log anyway (the
 * logging notifier runs beside this one). The topic key is sent in the {@code aeg-sas-key} header and never logged; without
 * a key a Microsoft Entra token from the managed identity is sent as a bearer token.
 */
public final class EventGridNotifier implements Notifier, AutoCloseable {
    /** The CloudEvent type of a notification is this prefix and its wire name. */
    public static final String TYPE_PREFIX = "com.fortinet.autoscale.";
    /** The token audience of Event Grid data-plane calls. */
    static final String EVENT_GRID_SCOPE = "https://eventgrid.azure.net/.default";
    private static final Logger LOG = Logger.getLogger(EventGridNotifier.class.getName());
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private static final int MAX_BATCH = 50;
    /** 1, 2, 4, 8 and 16 s: about half a minute, a topic's usual hiccup, before a batch is given up. */
    public static final List<Duration> DEFAULT_RETRY_DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16));

    private final URI endpoint;
    private final Auth auth;
    private final String source;
    private final Duration timeout;
    private final List<Duration> retryDelays;
    private final BlockingQueue<Notification> queue;
    private final HttpClient http;
    private final Thread worker;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private volatile boolean closed;

    /** How requests to the topic are authorized. */
    public interface Auth {
        /** Adds the authorization header; runs on the publishing thread. */
        void authorize(HttpRequest.Builder request);

        /** The topic's access key, sent in {@code aeg-sas-key}. */
        static Auth key(String key) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("the topic key is empty");
            }
            String k = key.trim();
            return request -> request.header("aeg-sas-key", k);
        }

        /** A Microsoft Entra token for Event Grid (managed identity), cached until shortly before it expires. */
        static Auth token(TokenCredential credential) {
            Objects.requireNonNull(credential, "credential");
            return new Auth() {
                private AccessToken token;

                @Override
                public synchronized void authorize(HttpRequest.Builder request) {
                    if (token == null || token.getExpiresAt().minusMinutes(5).isBefore(OffsetDateTime.now())) {
                        token = credential.getTokenSync(new TokenRequestContext().addScopes(EVENT_GRID_SCOPE));
                    }
                    request.header("Authorization", "Bearer " + token.getToken());
                }
            };
        }
    }

    /**
     * Starts the publishing thread.
     *
     * @param endpoint the topic endpoint, e.g. {@code https://<topic>.<region>-1.eventgrid.azure.net/api/events}
     * @param source   the CloudEvent {@code source} of every event
     * @param capacity how many events may wait; more are dropped (and logged)
     * @param timeout  connect timeout and time allowed for one publish request
     */
    public EventGridNotifier(URI endpoint, Auth auth, String source, int capacity, Duration timeout) {
        this(endpoint, auth, source, capacity, timeout, DEFAULT_RETRY_DELAYS);
    }

    /**
     * Starts the publishing thread.
     *
     * @param retryDelays how long to wait before each new attempt at a batch the topic could not take for a
     *                    passing reason; empty: one attempt only
     */
    public EventGridNotifier(URI endpoint, Auth auth, String source, int capacity, Duration timeout,
                             List<Duration> retryDelays) {
        this.retryDelays = List.copyOf(Objects.requireNonNull(retryDelays, "retryDelays"));
        if (this.retryDelays.stream().anyMatch(d -> d.isNegative())) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (!"https".equalsIgnoreCase(endpoint.getScheme()) && !isLoopback(endpoint)) {
            throw new IllegalArgumentException("the Event Grid topic endpoint must use https");
        }
        this.auth = Objects.requireNonNull(auth, "auth");
        this.source = Objects.requireNonNull(source, "source");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.worker = new Thread(this::drain, "eventgrid-notifier");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    @Override
    public void publish(Notification n) {
        if (closed || !queue.offer(n)) {
            long d = dropped.incrementAndGet();
            // Log the first drop and then every hundredth, so a dead topic cannot flood the log.
            if (d == 1 || d % 100 == 0) {
                LOG.warning("event grid notifier: queue full or closed, dropped " + d + " event(s) so far (latest "
                        + n.type().wireName() + ")");
            }
        }
    }

    /** Events dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Events the topic accepted. */
    public long published() {
        return published.get();
    }

    /** Events given up on: refused for good, or still refused after the last retry. */
    public long failed() {
        return failed.get();
    }

    /** Attempts that were repeated after a passing failure (one per batch and retry). */
    public long retried() {
        return retried.get();
    }

    /** Stops the publishing thread; events still queued are not sent. */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        List<Notification> batch = new ArrayList<>(MAX_BATCH);
        while (!closed) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            try {
                deliver(batch);
            } catch (RuntimeException e) {
                failed.addAndGet(batch.size());
                LOG.log(Level.WARNING, "event grid notifier: publish of {0} event(s) failed: {1}",
                        new Object[] {batch.size(), e.toString()});
            } catch (InterruptedException e) {
                return; // closing: what is left is not sent (the log lines exist)
            }
            batch.clear();
        }
    }

    /** One batch, attempted until the topic takes it, refuses it for good, or the retry delays run out. */
    private void deliver(List<Notification> batch) throws InterruptedException {
        // one body for every attempt: the same event ids let a subscriber recognise a repeat
        String body = GSON.toJson(batch.stream().map(this::cloudEvent).toList());
        for (int attempt = 0; ; attempt++) {
            Outcome outcome = send(body, batch.size());
            if (outcome.delivered()) {
                published.addAndGet(batch.size());
                return;
            }
            if (!outcome.passing() || attempt >= retryDelays.size() || closed) {
                failed.addAndGet(batch.size());
                LOG.warning("event grid notifier: dropped " + batch.size() + " event(s) after " + (attempt + 1)
                        + " attempt(s): " + outcome.reason());
                return;
            }
            Duration wait = retryDelays.get(attempt);
            if (outcome.retryAfter() != null) {
                Duration longest = retryDelays.stream().max(Duration::compareTo).orElse(wait);
                wait = outcome.retryAfter().compareTo(longest) > 0 ? longest
                        : outcome.retryAfter().compareTo(wait) > 0 ? outcome.retryAfter() : wait;
            }
            retried.incrementAndGet();
            LOG.info("event grid notifier: " + outcome.reason() + "; attempt " + (attempt + 2) + " of "
                    + batch.size() + " event(s) in " + wait.toMillis() + " ms");
            TimeUnit.MILLISECONDS.sleep(wait.toMillis()); // the publishing thread's own pause; no caller waits
        }
    }

    /** What one attempt came to; {@code passing} when trying again may help. */
    private record Outcome(boolean delivered, boolean passing, String reason, Duration retryAfter) {}

    private Outcome send(String body, int events) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/cloudevents-batch+json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        auth.authorize(request);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) {
                return new Outcome(true, false, "", null);
            }
            boolean passing = status == 408 || status == 429 || status / 100 == 5;
            String reason = "topic " + endpoint.getHost() + " answered " + status + " to " + events + " event(s): "
                    + oneLine(response.body());
            return new Outcome(false, passing, reason, retryAfter(response));
        } catch (IOException e) {
            return new Outcome(false, true, "publish of " + events + " event(s) to " + endpoint.getHost()
                    + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + oneLine(e.getMessage())), null);
        }
    }

    /** The topic's {@code Retry-After} in seconds, if it sent one. */
    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After")
                .filter(v -> v.trim().matches("\\d{1,6}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v.trim())))
                .orElse(null);
    }

    /** The notification as a CloudEvent 1.0 (structured JSON). */
    Map<String, Object> cloudEvent(Notification n) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("specversion", "1.0");
        e.put("id", UUID.randomUUID().toString());
        e.put("source", source);
        e.put("type", TYPE_PREFIX + n.type().wireName());
        e.put("subject", n.subject() == null ? "cluster" : n.subject());
        e.put("time", n.time().toString());
        e.put("datacontenttype", "application/json");
        if (n.correlationId() != null) {
            e.put("correlationid", n.correlationId());
        }
        if (n.message() != null) {
            e.put("message", n.message());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        n.details().forEach((k, v) -> data.put(k, v instanceof Number || v instanceof Boolean || v instanceof String
                ? v : String.valueOf(v)));
        e.put("data", data);
        return e;
    }

    private static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return "127.0.0.1".equals(host) || "localhost".equalsIgnoreCase(host) || "[::1]".equals(host);
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String flat = s.replaceAll("[\\r\\n\\t]+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }
}
