package com.fortinet.autoscale.fault;

import com.fortinet.autoscale.support.RunnerProcess;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The front end between the simulated FortiGates and the runner processes, as a load balancer with a health
 * probe: each request goes to a runner picked at random among those thought up (all of them when none is).
 * A refused connection (nothing was delivered) is tried once on another runner; a request that times out or
 * is cut is not (it may have been delivered): the FortiGate sees a failure and tries again next interval.
 * Either marks the runner down; a probe ({@code cluster-status}, which needs the runner's store client) brings
 * it back once it answers again — after a resume, or once a restarted runner is warm.
 */
final class RunnerRouter implements AutoCloseable {
    /** What a FortiGate got: an HTTP status and body, or nothing (timeout, connection cut). */
    record Answer(int status, String body) {}

    private final List<RunnerProcess> runners;
    private final Set<RunnerProcess> down = ConcurrentHashMap.newKeySet();
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private final AtomicInteger timeouts = new AtomicInteger();
    private final AtomicInteger cut = new AtomicInteger();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private final Thread prober;

    /** @param timeout how long a FortiGate waits for an answer */
    RunnerRouter(List<RunnerProcess> runners, Duration timeout) {
        this.runners = List.copyOf(runners);
        this.timeout = timeout;
        this.prober = new Thread(this::probeLoop, "router-probe");
        prober.setDaemon(true);
        prober.start();
    }

    /** A GET with the FortiGate's {@code Fos-instance-id} header. */
    Optional<Answer> get(String function, String vmId) {
        return send(function, b -> b.header("Fos-instance-id", vmId).GET());
    }

    /** A POST of a JSON body. */
    Optional<Answer> post(String function, String json) {
        return send(function, b -> b.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Waits until every runner answers the probe. */
    void awaitAllUp(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        for (RunnerProcess r : runners) {
            while (!probe(r)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("runner " + r.name() + " does not answer cluster-status");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
            down.remove(r);
        }
    }

    /** Marks a runner down at once (a fault the test injected), so that the probe decides when it is back. */
    void markDown(RunnerProcess r) {
        down.add(r);
    }

    int timeouts() {
        return timeouts.get();
    }

    int cut() {
        return cut.get();
    }

    /** How many answers of each status the FortiGates got. */
    Map<Integer, Integer> statuses() {
        Map<Integer, Integer> out = new java.util.TreeMap<>();
        statuses.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    @Override
    public void close() {
        running = false;
        prober.interrupt();
    }

    private Optional<Answer> send(String function, java.util.function.UnaryOperator<HttpRequest.Builder> shape) {
        List<RunnerProcess> tried = new ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++) {
            RunnerProcess r = pick(tried);
            if (r == null) {
                return Optional.empty();
            }
            tried.add(r);
            HttpRequest request = shape.apply(HttpRequest.newBuilder(URI.create(r.base() + "/" + function))
                    .timeout(timeout)).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                statuses.computeIfAbsent(response.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                return Optional.of(new Answer(response.statusCode(), response.body()));
            } catch (HttpTimeoutException e) {
                timeouts.incrementAndGet();
                down.add(r);
                return Optional.empty();
            } catch (ConnectException e) {
                down.add(r); // nothing delivered: the front end tries another runner
            } catch (IOException e) {
                cut.incrementAndGet();
                down.add(r);
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private RunnerProcess pick(List<RunnerProcess> tried) {
        List<RunnerProcess> up = runners.stream().filter(r -> !tried.contains(r) && !down.contains(r)).toList();
        List<RunnerProcess> any = up.isEmpty() ? runners.stream().filter(r -> !tried.contains(r)).toList() : up;
        return any.isEmpty() ? null : any.get(ThreadLocalRandom.current().nextInt(any.size()));
    }

    private void probeLoop() {
        while (running) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            for (RunnerProcess r : runners) {
                if (down.contains(r) && probe(r)) {
                    down.remove(r);
                }
            }
        }
    }

    private boolean probe(RunnerProcess r) {
        String base = r.base();
        if (base == null) {
            return false;
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/cluster-status?events=0"))
                    .timeout(Duration.ofSeconds(1)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
