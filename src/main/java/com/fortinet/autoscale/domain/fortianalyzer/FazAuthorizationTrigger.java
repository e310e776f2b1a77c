package com.fortinet.autoscale.domain.fortianalyzer;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.heartbeat.HeartbeatService;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Runs a FortiAnalyzer reconciliation soon after a new FortiGate's first heartbeat, without making the
 * heartbeat wait (the older design waited up to 230 s inside it). Given to {@link HeartbeatService} as its
 * first-heartbeat callback, which must return at once and never fail.
 *
 * <p>A new FortiGate needs time to reach the FortiAnalyzer, so each one is retried after each of the given
 * delays until the FortiAnalyzer lists it as authorized; then it is forgotten. The {@code faz-auth-scheduler}
 * timer covers whatever is still missing after the last delay (and a process that was recycled). Bounded:
 * one worker thread, at most one scheduled run at a time (devices that are due together share one run), and
 * at most {@value #MAX_WAITING} devices waiting; a device already waiting is not added twice.
 */
public final class FazAuthorizationTrigger implements Consumer<Member>, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FazAuthorizationTrigger.class.getName());
    /** Retry delays after a first heartbeat: the FortiGate usually registers within a minute of booting. */
    public static final List<Duration> DEFAULT_DELAYS = List.of(Duration.ofSeconds(15), Duration.ofSeconds(45),
            Duration.ofSeconds(90), Duration.ofMinutes(3), Duration.ofMinutes(6));
    static final int MAX_WAITING = 1_000;

    private final FazAuthorizationService service;
    private final List<Duration> delays;
    private final ScheduledThreadPoolExecutor executor;

    /** Devices waiting for authorization: the attempt they are at and when it is due (System.nanoTime). */
    private final Map<VmId, Waiting> waiting = new HashMap<>();
    private ScheduledFuture<?> next;
    private long nextDue;
    private boolean running;
    private boolean closed;

    private record Waiting(int attempt, long due) {}

    /**
     * @param delays the wait before each attempt (the first one counts from the first heartbeat); at least one
     */
    public FazAuthorizationTrigger(FazAuthorizationService service, List<Duration> delays) {
        this.service = Objects.requireNonNull(service, "service");
        if (delays == null || delays.isEmpty() || delays.stream().anyMatch(d -> d == null || d.isNegative())) {
            throw new IllegalArgumentException("delays must be one or more durations of 0 or more");
        }
        this.delays = List.copyOf(delays);
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "faz-authorization");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** A FortiGate sent its first heartbeat: authorize it soon, when the integration is enabled. */
    @Override
    public void accept(Member member) {
        try {
            if (!service.enabled()) {
                return;
            }
            synchronized (this) {
                if (closed || waiting.containsKey(member.vmId())) {
                    return;
                }
                if (waiting.size() >= MAX_WAITING) {
                    LOG.warning("faz: " + MAX_WAITING + " devices wait for authorization already; " + member.vmId()
                            + " is left to faz-auth-scheduler");
                    return;
                }
                waiting.put(member.vmId(), new Waiting(0, System.nanoTime() + delays.get(0).toNanos()));
                scheduleLocked();
            }
        } catch (RuntimeException e) {
            // The heartbeat must not fail because of the FortiAnalyzer; the timer catches up.
            LOG.warning("faz: cannot schedule the authorization of " + member.vmId() + ": " + e);
        }
    }

    /** The devices still waiting (for tests and diagnostics). */
    public synchronized int waitingCount() {
        return waiting.size();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            waiting.clear();
        }
        executor.shutdownNow();
    }

    private void scheduleLocked() {
        if (running || closed || waiting.isEmpty()) {
            return; // a running pass reschedules when it ends
        }
        long due = waiting.values().stream().mapToLong(Waiting::due).min().getAsLong();
        if (next != null && !next.isDone() && nextDue - due <= 0) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        nextDue = due;
        try {
            next = executor.schedule(this::run, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            waiting.clear(); // closed
        }
    }

    private void run() {
        long started;
        synchronized (this) {
            running = true;
            next = null;
            started = System.nanoTime();
        }
        FazAuthorizationService.Outcome outcome = null;
        String cid = "faz-trigger-" + UUID.randomUUID();
        try {
            outcome = service.reconcile(cid);
        } catch (RuntimeException e) {
            LOG.warning("cid=" + cid + " faz: authorization after a first heartbeat failed, will retry: "
                    + FazDevice.printable(e.getMessage()));
        } finally {
            advance(outcome, started);
        }
    }

    /** Forgets the devices now authorized, moves the others that were due to their next attempt, reschedules. */
    private synchronized void advance(FazAuthorizationService.Outcome outcome, long started) {
        running = false;
        long now = System.nanoTime();
        for (Iterator<Map.Entry<VmId, Waiting>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<VmId, Waiting> e = it.next();
            if (outcome != null && (!outcome.enabled() || outcome.authorizedMembers().contains(e.getKey()))) {
                it.remove();
                continue;
            }
            Waiting w = e.getValue();
            if (w.due() - started > 0) {
                continue; // it arrived during this pass: its own attempt is still to come
            }
            int attempt = w.attempt() + 1;
            if (attempt >= delays.size()) {
                LOG.info("faz: " + e.getKey() + " is not authorized after " + attempt
                        + " attempts; faz-auth-scheduler keeps trying");
                it.remove();
            } else {
                e.setValue(new Waiting(attempt, now + delays.get(attempt).toNanos()));
            }
        }
        scheduleLocked();
    }
}
