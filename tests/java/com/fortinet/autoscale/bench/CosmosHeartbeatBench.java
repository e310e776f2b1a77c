package com.fortinet.autoscale.bench;

import com.fortinet.autoscale.adapter.cosmos.CosmosElectionRecords;
import com.fortinet.autoscale.adapter.cosmos.CosmosHealthRecords;
import com.fortinet.autoscale.adapter.cosmos.CosmosStore;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.health.Heartbeat;
import com.fortinet.autoscale.domain.heartbeat.HeartbeatService;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.support.CosmosServer;
import com.fortinet.autoscale.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Heartbeat latency through {@link HeartbeatService} with its state in the local Cosmos DB server: steady
 * heartbeats of a cluster (known devices, healthy primary), one at a time and from 8 threads at once.
 * Not part of the test run; start it from the project folder:
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) com.fortinet.autoscale.bench.CosmosHeartbeatBench [rounds]
 * </pre>
 */
public final class CosmosHeartbeatBench {
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final int DEVICES = 16;
    private static final int THREADS = 8;

    private CosmosHeartbeatBench() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.config.file", "/dev/null");
        java.util.logging.LogManager.getLogManager().reset();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        CosmosStore store = CosmosServer.get().newStore("bench");
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            members.add(new Member(VmId.of(String.format("be0c0000-0000-4000-8000-%012d", i)), "byol",
                    Member.Licensing.BYOL, String.valueOf(i), "10.0.1." + (10 + i)));
        }
        App app = App.builder(AppSettings.of(Map.of()))
                .clock(clock)
                .healthRecords(new CosmosHealthRecords(store))
                .electionRecords(new CosmosElectionRecords(store))
                .scaleSets(new StaticScaleSets(members))
                .build();
        HeartbeatService heartbeats = app.heartbeats();

        // Warm-up: first heartbeats (records, election), then a few steady rounds.
        for (int r = 0; r < 5; r++) {
            for (Member m : members) {
                heartbeats.handle(Heartbeat.minimal(m.vmId(), INTERVAL), "warm-up");
            }
            clock.advance(INTERVAL);
        }

        long[] sequential = new long[rounds * DEVICES];
        int n = 0;
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (Member m : members) {
                long s = System.nanoTime();
                heartbeats.handle(Heartbeat.minimal(m.vmId(), INTERVAL), "bench");
                sequential[n++] = System.nanoTime() - s;
            }
            clock.advance(INTERVAL);
        }
        report("one at a time", sequential, System.nanoTime() - t0);

        // 8 threads, each with its own devices; the clock moves on when every thread finished a round.
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CyclicBarrier roundDone = new CyclicBarrier(THREADS, () -> clock.advance(INTERVAL));
        List<Future<long[]>> parts = new ArrayList<>();
        t0 = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            List<Member> mine = members.subList(t * DEVICES / THREADS, (t + 1) * DEVICES / THREADS);
            parts.add(pool.submit(() -> {
                long[] lat = new long[rounds * mine.size()];
                int k = 0;
                for (int r = 0; r < rounds; r++) {
                    for (Member m : mine) {
                        long s = System.nanoTime();
                        heartbeats.handle(Heartbeat.minimal(m.vmId(), INTERVAL), "bench");
                        lat[k++] = System.nanoTime() - s;
                    }
                    roundDone.await();
                }
                return lat;
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : parts) {
            all.add(f.get());
        }
        long wall = System.nanoTime() - t0;
        pool.shutdown();
        report(THREADS + " threads", all.stream().flatMapToLong(Arrays::stream).toArray(), wall);
        System.exit(0);
    }

    private static void report(String what, long[] nanos, long wallNanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "heartbeat latency against the local Cosmos DB server, %s: n=%d p50=%.1f ms "
                        + "p99=%.1f ms max=%.1f ms (%.0f heartbeats/s)%n", what, sorted.length,
                pct(sorted, 0.50), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6,
                sorted.length / (wallNanos / 1e9));
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
