package com.fortinet.autoscale.domain.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link EventHistory} adapter must do: keep each notification, give back the newest first. */
public abstract class EventHistoryContract {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.250Z");
    private static final String VM_A = "0a0a0a0a-0000-4000-8000-00000000000a";
    private static final String VM_B = "0b0b0b0b-0000-4000-8000-00000000000b";

    private EventHistory history;

    /** A history of its own (empty) for each test. */
    protected abstract EventHistory newHistory();

    @BeforeEach
    void setUp() {
        history = newHistory();
    }

    private static Notification event(Notification.Type type, String subject, Instant at, Object... kv) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            details.put((String) kv[i], kv[i + 1]);
        }
        return new Notification(type, subject, type.wireName() + " of " + subject, details, at, "cid-" + subject);
    }

    @Test
    void anEmptyHistoryHasNothingRecent() {
        assertEquals(List.of(), history.recent(20));
    }

    @Test
    void anElectionReadsBackWithEveryField() {
        // Setup
        Notification elected = event(Notification.Type.PRIMARY_ELECTED, VM_B, T0, "previous", VM_A, "term", 7L,
                "privateIp", "10.0.1.5", "scalingGroup", "byol", "criteria", "in-sync, preferred group", "score", 3);

        // Invoke
        history.append(elected);
        List<Notification> recent = history.recent(20);

        // Verify
        assertEquals(1, recent.size());
        Notification n = recent.get(0);
        assertEquals(Notification.Type.PRIMARY_ELECTED, n.type());
        assertEquals(VM_B, n.subject());
        assertEquals("primary-elected of " + VM_B, n.message());
        assertEquals(T0, n.time());
        assertEquals("cid-" + VM_B, n.correlationId());
        assertEquals(Map.of("previous", VM_A, "term", 7L, "privateIp", "10.0.1.5", "scalingGroup", "byol",
                "criteria", "in-sync, preferred group", "score", 3L), n.details(), "whole numbers come back as Long");
    }

    @Test
    void recentIsNewestFirstAndAtMostTheLimit() {
        // Setup: appended out of time order
        history.append(event(Notification.Type.VM_UNHEALTHY, VM_A, T0.plusSeconds(10)));
        history.append(event(Notification.Type.HEARTBEAT_LATE, VM_A, T0));
        history.append(event(Notification.Type.PRIMARY_ELECTED, VM_B, T0.plusSeconds(20)));
        history.append(event(Notification.Type.VM_RECOVERED, VM_A, T0.plusSeconds(30)));

        // Invoke / Verify
        assertEquals(List.of(Notification.Type.VM_RECOVERED, Notification.Type.PRIMARY_ELECTED,
                Notification.Type.VM_UNHEALTHY, Notification.Type.HEARTBEAT_LATE),
                history.recent(20).stream().map(Notification::type).toList());
        assertEquals(List.of(Notification.Type.VM_RECOVERED, Notification.Type.PRIMARY_ELECTED),
                history.recent(2).stream().map(Notification::type).toList());
        assertEquals(List.of(), history.recent(0));
    }

    @Test
    void eventsOfTheSameInstantComeBackNewestAppendedFirst() {
        // Setup: an unhealthy primary and the election it causes, written in the same millisecond
        history.append(event(Notification.Type.VM_UNHEALTHY, VM_A, T0));
        history.append(event(Notification.Type.PRIMARY_ELECTED, VM_B, T0));

        // Invoke / Verify
        assertEquals(List.of(Notification.Type.PRIMARY_ELECTED, Notification.Type.VM_UNHEALTHY),
                history.recent(5).stream().map(Notification::type).toList());
    }

    @Test
    void aLimitOutOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> history.recent(-1));
        assertThrows(IllegalArgumentException.class, () -> history.recent(EventHistory.MAX_RECENT + 1));
    }

    @Test
    void concurrentAppendsAreAllKept() throws Exception {
        // Setup
        int threads = 8;
        int each = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        history.append(event(Notification.Type.HEARTBEAT_LATE, VM_A, T0.plusMillis(i),
                                "thread", thread, "i", i));
                    }
                    return null;
                }));
            }

            // Invoke
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // Verify
        List<Notification> all = history.recent(EventHistory.MAX_RECENT);
        assertEquals(threads * each, all.size());
        assertEquals(threads * each, all.stream().map(n -> n.details().get("thread") + "/" + n.details().get("i"))
                .distinct().count(), "no event lost or doubled");
        for (int i = 1; i < all.size(); i++) {
            assertTrue(!all.get(i).time().isAfter(all.get(i - 1).time()), "newest first");
        }
    }
}
