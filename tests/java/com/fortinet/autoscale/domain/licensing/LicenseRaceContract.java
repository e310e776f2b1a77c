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
import java.nio.charset.StandardCharsets;
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
    private final ExecutorService bothThreads = Executors.newFixedThreadPool(2 * SHARED_FORTIGATES);

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
        bothThreads.shutdownNow();
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
            assertEquals(HashedStock.sha256(licensed.get(v.value().vmId()).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
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

    /** How many times the two-instance race runs. */
    protected int twoInstanceRounds() {
        return rounds();
    }

    protected static final int SHARED_FORTIGATES = 20;
    protected static final int SHARED_LICENSES = 40;

    /**
     * Two function instances (two {@link LicenseService}s: separate caches of hashed files, separate per-vmId
     * locks, as two processes have) over one usage store. Every FortiGate asks both at once, 20 FortiGates at
     * once, with licenses enough for each to get two (so the stock never runs out): each FortiGate gets
     * exactly one license, both instances answer it the same one, no license is on two FortiGates, and the
     * store records one license and one claim per FortiGate. Repeats from either instance get that license.
     */
    @Test
    public void twoInstancesServingEachFortiGateAtOnceAnswerItOneLicense() throws Exception {
        for (int round = 0; round < twoInstanceRounds(); round++) {
            twoInstances(round);
        }
    }

    private void twoInstances(int round) throws Exception {
        // Setup: 40 license files, 20 BYOL FortiGates, an empty usage store shared by two instances
        Map<String, String> files = new HashMap<>();
        for (int i = 0; i < SHARED_LICENSES; i++) {
            files.put("fgt-2i-" + round + "-" + i + ".lic", "-----BEGIN FGT VM LICENSE-----\ntwo instances, round "
                    + round + " license " + i + "\n-----END FGT VM LICENSE-----\n");
        }
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= SHARED_FORTIGATES; i++) {
            members.add(Fixtures.byol(i));
        }
        LicenseUsage usage = usage();
        usage.readAll().forEach(v -> usage.delete(v.value().licenseSha256(), v.version()));
        usage.readAllClaims().forEach(v -> usage.deleteClaim(v.value().vmId(), v.version()));
        LicenseStock stock = stock(files);
        StaticScaleSets scaleSets = new StaticScaleSets(members);
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        RecordingNotifier notifierA = new RecordingNotifier();
        RecordingNotifier notifierB = new RecordingNotifier();
        LicenseService a = new LicenseService(stock, usage, scaleSets, clock, notifierA);
        LicenseService b = new LicenseService(stock, usage, scaleSets, clock, notifierB);
        List<Member> twice = new ArrayList<>();
        for (Member m : members) {
            twice.add(m);
            twice.add(m);
        }

        // Invoke: every FortiGate asks both instances, everyone at once
        List<LicenseService.Result> first = askBothAtOnce(twice, a, b, "two-" + round);

        // Verify
        String where = "round " + round + ": ";
        Map<VmId, String> licensed = new HashMap<>();
        for (int i = 0; i < twice.size(); i += 2) {
            VmId vm = twice.get(i).vmId();
            LicenseService.Granted fromA = assertInstanceOf(LicenseService.Granted.class, first.get(i), where + vm);
            LicenseService.Granted fromB = assertInstanceOf(LicenseService.Granted.class, first.get(i + 1), where + vm);
            assertEquals(fromA.content(), fromB.content(), where + "both instances answer " + vm + " the same license");
            assertEquals(fromA.assignment().licenseSha256(), fromB.assignment().licenseSha256(), where + vm);
            licensed.put(vm, fromA.content());
        }
        assertEquals(SHARED_FORTIGATES, new HashSet<>(licensed.values()).size(), where + "no license on two FortiGates");
        assertTrue(files.values().containsAll(licensed.values()), where + "only files of the stock");
        Map<VmId, String> recorded = new HashMap<>();
        for (Versioned<LicenseAssignment> v : usage.readAll()) {
            String before = recorded.put(v.value().vmId(), v.value().licenseSha256());
            assertEquals(null, before, where + "one license recorded for " + v.value().vmId());
        }
        Map<VmId, String> answered = new HashMap<>();
        licensed.forEach((vm, content) -> answered.put(vm, HashedStock.sha256(content.getBytes(StandardCharsets.UTF_8))));
        assertEquals(answered, recorded, where + "the store records the license each FortiGate was answered");
        Map<VmId, String> claims = new HashMap<>();
        usage.readAllClaims().forEach(c -> claims.put(c.value().vmId(), c.value().licenseSha256()));
        assertEquals(answered, claims, where + "one claim per FortiGate, naming its license");
        assertEquals(SHARED_FORTIGATES, notifierA.of(Notification.Type.LICENSE_CLAIMED).size()
                + notifierB.of(Notification.Type.LICENSE_CLAIMED).size(), where + "one license-claimed notification each");

        // Invoke again, both instances, everyone at once: the license each FortiGate got first
        List<LicenseService.Result> again = askBothAtOnce(twice, a, b, "two-again-" + round);
        for (int i = 0; i < twice.size(); i++) {
            VmId vm = twice.get(i).vmId();
            LicenseService.Granted g = assertInstanceOf(LicenseService.Granted.class, again.get(i), where + vm);
            assertEquals(licensed.get(vm), g.content(), where + "a repeat gets the license " + vm + " got first");
            assertTrue(g.again(), where + vm);
        }
        assertEquals(SHARED_FORTIGATES, usage.readAll().size(), where + "repeats take nothing");
    }

    /** Entry 2i asks {@code a}, entry 2i+1 asks {@code b}; answers in that order. */
    private List<LicenseService.Result> askBothAtOnce(List<Member> twice, LicenseService a, LicenseService b,
                                                      String cid) throws Exception {
        CountDownLatch ready = new CountDownLatch(twice.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<LicenseService.Result>> futures = new ArrayList<>();
        for (int i = 0; i < twice.size(); i++) {
            Member m = twice.get(i);
            LicenseService instance = i % 2 == 0 ? a : b;
            futures.add(bothThreads.submit(() -> {
                ready.countDown();
                go.await();
                return instance.acquire(m.vmId(), cid);
            }));
        }
        assertTrue(ready.await(30, TimeUnit.SECONDS), "all threads ready");
        go.countDown();
        List<LicenseService.Result> results = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (Future<LicenseService.Result> f : futures) {
            results.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        }
        return results;
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
