package com.fortinet.autoscale.domain.licensing;
import com.fortinet.autoscale.domain.Versioned;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.notification.Notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.memory.InMemoryLicenseStock;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.support.Fixtures;
import com.fortinet.autoscale.support.MutableClock;
import com.fortinet.autoscale.support.RecordingNotifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The license race, whatever store keeps the usage records: 50 FortiGates ask at once for 20 licenses, with
 * real threads. Exactly 20 distinct licenses are handed out, 30 FortiGates get none, the store holds one
 * record per license handed out, and every FortiGate asking again gets the same answer. Repeated
 * {@link #rounds()} times.
 *
 * <p>A subclass names the usage store ({@link #usage()}, e.g. the in-memory one or the Cosmos DB one) and may
 * name the license stock ({@link #stock}, e.g. Blob Storage on Azurite).
 */
public abstract class LicenseRaceContract {
    protected static final int FORTIGATES = 50;
    protected static final int LICENSES = 20;

    private final ExecutorService threads = Executors.newFixedThreadPool(FORTIGATES);

    /** The usage store of one round; records left by an earlier round are released before it starts. */
    protected abstract LicenseUsage usage();

    /** A stock holding exactly these files (name to content); in memory unless a subclass says otherwise. */
    protected LicenseStock stock(Map<String, String> files) {
        InMemoryLicenseStock stock = new InMemoryLicenseStock();
        files.forEach(stock::put);
        return stock;
    }

    /** How many times the race runs. */
    protected int rounds() {
        return 50;
    }

    /** Thousands of requests: their log lines (one or two each) would drown the build's output. */
    private static final Logger SERVICE_LOG = Logger.getLogger(LicenseService.class.getName());
    private Level logLevel;

    @BeforeEach
    public void quietLog() {
        logLevel = SERVICE_LOG.getLevel();
        SERVICE_LOG.setLevel(Level.OFF);
    }

    @AfterEach
    public void stopThreads() {
        threads.shutdownNow();
        SERVICE_LOG.setLevel(logLevel);
    }

    @Test
    public void fiftyFortiGatesAskingAtOnceForTwentyLicensesGetTwentyDistinctOnesAndThirtyEmptyAnswers() throws Exception {
        for (int round = 0; round < rounds(); round++) {
            race(round);
        }
    }

    private void race(int round) throws Exception {
        // Setup: 20 license files, 50 BYOL FortiGates, an empty usage store
        Map<String, String> files = new HashMap<>();
        for (int i = 0; i < LICENSES; i++) {
            files.put("fgt-" + round + "-" + i + ".lic", "-----BEGIN FGT VM LICENSE-----\nround " + round
                    + " license " + i + "\n-----END FGT VM LICENSE-----\n");
        }
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= FORTIGATES; i++) {
            members.add(Fixtures.byol(i));
        }
        LicenseUsage usage = usage();
        usage.readAll().forEach(v -> usage.delete(v.value().licenseSha256(), v.version()));
        RecordingNotifier notifier = new RecordingNotifier();
        LicenseService service = new LicenseService(stock(files), usage, new StaticScaleSets(members),
                MutableClock.at("2026-01-01T00:00:00Z"), notifier);

        // Invoke: everyone at once
        Map<VmId, LicenseService.Result> first = askAtOnce(members, m -> service.acquire(m.vmId(), "race-" + round));

        // Verify
        Map<VmId, String> licensed = new HashMap<>();
        first.forEach((vm, r) -> {
            if (r instanceof LicenseService.Granted g) {
                licensed.put(vm, g.content());
            }
        });
        long empty = first.values().stream().filter(r -> r instanceof LicenseService.NoneFree).count();
        String where = "round " + round + ": ";
        assertEquals(LICENSES, licensed.size(), where + "licenses handed out");
        assertEquals(FORTIGATES - LICENSES, empty, where + "empty answers");
        assertEquals(LICENSES, new HashSet<>(licensed.values()).size(), where + "no license handed out twice");
        assertTrue(files.values().containsAll(licensed.values()), where + "only files of the stock");
        Set<VmId> recorded = new HashSet<>();
        Set<String> shas = new HashSet<>();
        for (Versioned<LicenseAssignment> v : usage.readAll()) {
            recorded.add(v.value().vmId());
            shas.add(v.value().licenseSha256());
            assertEquals(LicenseService.sha256(licensed.get(v.value().vmId()).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    v.value().licenseSha256(), where + "the record names the license its FortiGate got");
        }
        assertEquals(licensed.keySet(), recorded, where + "one record per FortiGate that got a license");
        assertEquals(LICENSES, shas.size());
        assertEquals(FORTIGATES - LICENSES, notifier.of(Notification.Type.LICENSE_OUT_OF_STOCK).size(),
                where + "one out-of-stock notification per empty answer");

        // Invoke again, everyone at once: the same answers
        Map<VmId, LicenseService.Result> again = askAtOnce(members, m -> service.acquire(m.vmId(), "again-" + round));
        for (Member m : members) {
            LicenseService.Result r = again.get(m.vmId());
            if (licensed.containsKey(m.vmId())) {
                LicenseService.Granted g = assertInstanceOf(LicenseService.Granted.class, r, where + m.vmId());
                assertEquals(licensed.get(m.vmId()), g.content(), where + "a repeat gets the same license");
                assertTrue(g.again());
            } else {
                assertInstanceOf(LicenseService.NoneFree.class, r, where + "still none free for " + m.vmId());
            }
        }
        assertEquals(LICENSES, usage.readAll().size(), where + "repeats claim nothing");
    }

    private Map<VmId, LicenseService.Result> askAtOnce(List<Member> members,
                                                        Function<Member, LicenseService.Result> ask) throws Exception {
        CountDownLatch ready = new CountDownLatch(members.size());
        CountDownLatch go = new CountDownLatch(1);
        Map<VmId, Future<LicenseService.Result>> futures = new HashMap<>();
        for (Member m : members) {
            Callable<LicenseService.Result> task = () -> {
                ready.countDown();
                go.await();
                return ask.apply(m);
            };
            futures.put(m.vmId(), threads.submit(task));
        }
        assertTrue(ready.await(30, TimeUnit.SECONDS), "all threads ready");
        go.countDown();
        Map<VmId, LicenseService.Result> results = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (Map.Entry<VmId, Future<LicenseService.Result>> e : futures.entrySet()) {
            long left = Math.max(1, deadline - System.nanoTime());
            results.put(e.getKey(), e.getValue().get(left, TimeUnit.NANOSECONDS));
        }
        return results;
    }
}
