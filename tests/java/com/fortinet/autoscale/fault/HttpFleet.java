package com.fortinet.autoscale.fault;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Simulated BYOL FortiGates on real threads, talking HTTP to the runners through a {@link RunnerRouter}. Each
 * asks {@code byol-license} until it gets a license, then heartbeats every {@link #INTERVAL} to
 * {@code fgt-as-handler} (sequence and clock as FortiOS sends them) and asks for its license again every
 * fifth heartbeat. A failure (5xx, 404, timeout, a cut connection) is "try again next interval".
 *
 * <p>What the devices see is checked as it arrives: a FortiGate gets one license and always the same one, no
 * license is given to two FortiGates, an answer never says "none free" (there are more files than devices),
 * and every primary IP announced is the same one (no device dies, so no election is due).
 */
final class HttpFleet {
    static final Duration INTERVAL = Duration.ofSeconds(2);

    /** One FortiGate: its vmId and private IP (as the scale-sets file lists it). */
    record Device(String vmId, String privateIp) {}

    private final List<Device> devices;
    private final RunnerRouter router;
    private final Consumer<String> violation;
    private final Map<String, AtomicLong> lastAcked = new ConcurrentHashMap<>();
    private final Map<String, String> licenseOf = new ConcurrentHashMap<>();
    private final Map<String, String> holderOf = new ConcurrentHashMap<>();
    private final Set<String> announced = ConcurrentHashMap.newKeySet();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger licenseRequests = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    HttpFleet(List<Device> devices, RunnerRouter router, Consumer<String> violation) {
        this.devices = List.copyOf(devices);
        this.router = router;
        this.violation = violation;
    }

    void start() {
        for (Device d : devices) {
            Thread t = new Thread(() -> run(d), "fgt-" + d.vmId().substring(0, 8));
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    void stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(15));
        }
    }

    /** Heartbeats with far-future clocks and huge counters, as a forged or broken FortiGate would send. */
    void forgedBurst() {
        String farFuture = Instant.now().plus(Duration.ofDays(365)).toString();
        for (int i = 0; i < 3; i++) {
            for (Device d : devices) {
                router.post("fgt-as-handler", heartbeat(d, 9_000_000_000L + i, farFuture));
            }
        }
    }

    /** The last sequence each device got a 200 for. */
    long lastAcked(String vmId) {
        return lastAcked.getOrDefault(vmId, new AtomicLong()).get();
    }

    /** The license (file content) each device got; absent for one that never got one. */
    Optional<String> license(String vmId) {
        return Optional.ofNullable(licenseOf.get(vmId));
    }

    /** Every primary IP the devices were told. */
    Set<String> announced() {
        return Set.copyOf(announced);
    }

    int heartbeats() {
        return heartbeats.get();
    }

    int refused() {
        return refused.get();
    }

    int licenseRequests() {
        return licenseRequests.get();
    }

    private void run(Device d) {
        long sequence = 0;
        long next = System.nanoTime();
        while (running) {
            if (!licenseOf.containsKey(d.vmId()) || sequence % 5 == 4) {
                askLicense(d);
            }
            if (licenseOf.containsKey(d.vmId())) {
                sequence++;
                beat(d, sequence);
            }
            next += INTERVAL.toNanos();
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
    }

    private void beat(Device d, long sequence) {
        Optional<RunnerRouter.Answer> a = router.post("fgt-as-handler", heartbeat(d, sequence, Instant.now().toString()));
        if (a.isEmpty() || a.get().status() != 200) {
            refused.incrementAndGet();
            return;
        }
        heartbeats.incrementAndGet();
        lastAcked.computeIfAbsent(d.vmId(), k -> new AtomicLong()).accumulateAndGet(sequence, Math::max);
        String body = a.get().body();
        if (body != null && !body.isBlank()) {
            JsonObject o = JsonParser.parseString(body).getAsJsonObject();
            if (o.has("primary-ip")) {
                announced.add(o.get("primary-ip").getAsString());
            }
        }
    }

    private void askLicense(Device d) {
        licenseRequests.incrementAndGet();
        Optional<RunnerRouter.Answer> a = router.get("byol-license", d.vmId());
        if (a.isEmpty() || a.get().status() != 200) {
            return; // asked again next interval
        }
        String body = a.get().body();
        String had = licenseOf.get(d.vmId());
        if (body == null || body.isBlank()) {
            violation.accept("byol-license answered 'none free' to " + d.vmId() + (had == null
                    ? " though files are free" : " which holds a license"));
            return;
        }
        if (had == null) {
            licenseOf.put(d.vmId(), body);
        } else if (!had.equals(body)) {
            violation.accept(d.vmId() + " got a second license: " + firstLine(had) + " then " + firstLine(body));
        }
        String holder = holderOf.putIfAbsent(body, d.vmId());
        if (holder != null && !holder.equals(d.vmId())) {
            violation.accept("one license given to two FortiGates: " + holder + " and " + d.vmId() + ": "
                    + firstLine(body));
        }
    }

    private static String heartbeat(Device d, long sequence, String time) {
        return "{\"instance\":\"" + d.vmId() + "\",\"interval\":" + INTERVAL.toSeconds() + ",\"sequence\":" + sequence
                + ",\"time\":\"" + time + "\",\"checksum\":\"cs-1\"}";
    }

    private static String firstLine(String license) {
        return license.lines().skip(1).findFirst().orElse(license);
    }
}
