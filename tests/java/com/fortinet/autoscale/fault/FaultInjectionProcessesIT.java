package com.fortinet.autoscale.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.cosmos.CosmosElectionRecords;
import com.fortinet.autoscale.adapter.cosmos.CosmosStore;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.support.CosmosServer;
import com.fortinet.autoscale.support.FaultProxy;
import com.fortinet.autoscale.support.RunnerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 9 against real processes: two packaged local runners ({@code java -jar
 * target/fortigate-autoscale-local.jar}) on one Cosmos DB test server, reached through the {@link FaultProxy},
 * each reading the same scale-sets file and license folder; simulated BYOL FortiGates ({@link HttpFleet}) ask
 * for their license and heartbeat over HTTP, routed at random between the runners ({@link RunnerRouter}).
 *
 * <p>Faults injected in every trial, overlapping: a runner paused ({@code SIGSTOP}) for longer than a primary may
 * be silent, the scale-sets file corrupted (invalid JSON) meanwhile, the runner resumed with its stale memory to
 * find the file emptied (valid, no instance) for longer than a FortiGate may be silent, then restored; the other
 * runner killed ({@code SIGKILL}) and started again while the store is stopped (odd trials) or answers too late
 * (even trials); a burst of forged far-future clocks. Invariants: never two primaries for one term, and no
 * election at all (no FortiGate dies); no FortiGate marked unhealthy or terminated, no record removed, no license
 * released; every FortiGate got a license, always the same one, and no license is on two FortiGates; no lost
 * update ({@link HttpFleet} checks what the devices see, {@link StoredCluster} what the store holds and the
 * runners logged). It prints its figures; {@code FAULT_TRIALS} and {@code FAULT_SECONDS} (environment) make it
 * longer, for {@code scripts/soak.sh}. The runners' output: {@code target/test-logs/fault-processes-*.log}.
 */
class FaultInjectionProcessesIT {
    private static final int DEVICES = 4;
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);

    private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private int faults;
    private int heartbeats;
    private int refused;
    private int licenseRequests;
    private int timeouts;
    private int elections;

    @TempDir
    Path temp;

    @Test
    void runnerProcessesKeepTheClusterCorrectWhilePausedKilledAndGivenABrokenScaleSetsFile() throws Exception {
        int trials = Integer.parseInt(Optional.ofNullable(System.getenv("FAULT_TRIALS")).orElse("2"));
        long phase = Long.parseLong(Optional.ofNullable(System.getenv("FAULT_SECONDS")).orElse("3"));
        long started = System.nanoTime();
        for (int trial = 1; trial <= trials; trial++) {
            trial(trial, phase);
        }
        System.out.printf("fault-injection-processes: trials=%d runners=2 faults=%d heartbeats=%d"
                        + " licenseRequests=%d refused=%d timeouts=%d elections=%d violations=%d seconds=%d%n",
                trials, faults, heartbeats, licenseRequests, refused, timeouts, elections, violations.size(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        System.out.println("answers by status: " + new java.util.TreeMap<>(statuses));
        assertEquals(List.of(), violations);
        assertTrue(heartbeats > trials * DEVICES * 10, "the fleet ran: " + heartbeats);
    }

    private void trial(int trial, long phase) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("trial-" + trial));
        List<HttpFleet.Device> fleet = new ArrayList<>();
        for (int n = 1; n <= DEVICES; n++) {
            fleet.add(new HttpFleet.Device(String.format("fa2%05d-0000-4000-8000-%012d", trial, n), "10.0.8." + n));
        }
        Path setsFile = dir.resolve("scale-sets.json");
        String sets = scaleSets(fleet);
        write(setsFile, sets);
        Map<String, String> licenseFiles = licenseFiles(dir.resolve("asset-root"), DEVICES + 2);
        String database = "faultproc-" + UUID.randomUUID();
        CosmosServer server = CosmosServer.get();
        RunnerEvents events = new RunnerEvents();
        try (FaultProxy proxy = new FaultProxy(server.port())) {
            Map<String, String> env = new HashMap<>();
            env.put("COSMOS_ENDPOINT", proxy.endpoint());
            env.put("COSMOS_KEY", CosmosServer.KEY);
            env.put("COSMOS_DATABASE", database);
            env.put("LOCAL_SCALE_SETS_FILE", setsFile.toString());
            env.put("LOCAL_ASSET_DIR", dir.resolve("asset-root").toString());
            env.put("HEALTH_MONITOR_SCHEDULE", "*/3 * * * * *");
            env.put("BYOL_SCALING_GROUP_NAME", "byol");
            env.put("HEARTBEAT_INTERVAL", "2");
            env.put("HEARTBEAT_DELAY_ALLOWANCE", "1");
            env.put("HEARTBEAT_LOSS_COUNT", "4");
            env.put("TERMINATE_UNHEALTHY_VM", "true");
            List<RunnerProcess> runners = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                String id = "trial" + trial + "-runner-" + name;
                Path log = Path.of(System.getProperty("project.basedir", "."), "target", "test-logs",
                        "fault-processes-" + id + ".log");
                Files.deleteIfExists(log);
                runners.add(new RunnerProcess(id, Files.createDirectories(dir.resolve(name)), env, log, events.from(id)));
            }
            try {
                CompletableFuture.allOf(runners.stream().map(r -> CompletableFuture.runAsync(r::start))
                        .toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
                try (RunnerRouter router = new RunnerRouter(runners, CLIENT_TIMEOUT)) {
                    router.awaitAllUp(Duration.ofSeconds(60));
                    CosmosStore store = CosmosStore.of(CosmosStore.Config.of(server.endpoint(), CosmosServer.KEY, null,
                            database));
                    HttpFleet devices = new HttpFleet(fleet, router, this::violation);
                    StoredCluster stored = new StoredCluster(store, fleet, licenseFiles, this::violation);
                    Thread watch = watchElections(new CosmosElectionRecords(store));
                    devices.start();
                    pause(phase + 4); // every FortiGate licensed and beating
                    stored.rememberRecords();
                    injectFaults(trial, phase, runners, devices, proxy, setsFile, sets);
                    devices.stop();
                    watch.interrupt();
                    watch.join(5000);
                    stored.check(devices, events, Files.readString(setsFile, StandardCharsets.UTF_8), sets);
                    heartbeats += devices.heartbeats();
                    refused += devices.refused();
                    licenseRequests += devices.licenseRequests();
                    timeouts += router.timeouts();
                    elections += events.of("primary-elected").size();
                    router.statuses().forEach((k, v) -> statuses.merge(String.valueOf(k), v, Integer::sum));
                    System.out.println("trial " + trial + ": events " + events.counts() + ", answers "
                            + router.statuses() + ", timeouts " + router.timeouts() + ", cut " + router.cut());
                }
            } finally {
                runners.forEach(RunnerProcess::close);
            }
        }
    }

    /**
     * The faults of one trial, overlapping as they would in a bad hour: the scale-sets file is corrupted while
     * a runner is paused, which resumes with stale memory to find the file emptied; the other runner is killed
     * and restarted, and the store fails while it starts.
     */
    private void injectFaults(int trial, long phase, List<RunnerProcess> runners, HttpFleet devices,
                              FaultProxy proxy, Path setsFile, String sets) throws IOException {
        int first = ThreadLocalRandom.current().nextInt(runners.size());
        RunnerProcess paused = runners.get(first);
        long pausedFor = Math.max(6, phase + 3); // longer than the primary may be silent
        paused.pause();
        faults++;
        pause(pausedFor / 2);
        write(setsFile, "{\"scaleSets\":[{\"name\":\"byol\",\"licensing\":"); // a half-written edit
        faults++;
        pause(pausedFor - pausedFor / 2);
        paused.resume();
        write(setsFile, "{\"scaleSets\":[{\"name\":\"byol\",\"licensing\":\"byol\",\"instances\":[]}]}");
        faults++;
        pause(Math.max(8, 2 * phase + 2)); // longer than a FortiGate may be silent
        write(setsFile, sets);

        RunnerProcess killed = runners.get(1 - first);
        killed.kill();
        faults++;
        killed.start(); // the router sends it requests again once it answers cluster-status
        if (trial % 2 == 1) {
            proxy.down(); // longer than two intervals: a controller gap
            pause(Math.max(7, phase + 4));
        } else {
            proxy.stallResponses(); // the store answers too late
            pause(Math.max(5, phase + 2));
        }
        faults++;
        proxy.pass();
        pause(phase + 1);

        devices.forgedBurst();
        faults++;
        pause(phase);
    }

    /** Polls the election record: one primary per term, and no election at all (no FortiGate dies here). */
    private Thread watchElections(CosmosElectionRecords elections) {
        Map<Long, String> primaryOfTerm = new ConcurrentHashMap<>();
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Optional<Primary> p = elections.read().map(Versioned::value);
                    p.ifPresent(primary -> {
                        String before = primaryOfTerm.putIfAbsent(primary.term(), primary.vmId().value());
                        if (before != null && !before.equals(primary.vmId().value())) {
                            violation("two primaries for term " + primary.term() + ": " + before + " and "
                                    + primary.vmId());
                        }
                        if (primary.term() > 1) {
                            violation("election while the primary heartbeats: term " + primary.term() + " primary "
                                    + primary.vmId());
                        }
                    });
                } catch (RuntimeException e) {
                    // the test's own read failed: next time
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
            }
        }, "election-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String scaleSets(List<HttpFleet.Device> fleet) {
        return "{\"scaleSets\":[{\"name\":\"byol\",\"licensing\":\"byol\",\"instances\":["
                + fleet.stream().map(d -> "{\"vmId\":\"" + d.vmId() + "\",\"privateIp\":\"" + d.privateIp() + "\"}")
                        .collect(Collectors.joining(",")) + "]}]}";
    }

    /** License files in the asset folder's layout; content to file name. */
    private static Map<String, String> licenseFiles(Path root, int count) throws IOException {
        Path folder = Files.createDirectories(root.resolve("assets/license-files/fortigate"));
        Map<String, String> files = new HashMap<>();
        for (int i = 1; i <= count; i++) {
            String name = "FGVMFAULT" + i + ".lic";
            String content = "-----BEGIN FGT VM LICENSE-----\nfault-injection " + i + " " + UUID.randomUUID()
                    + "\n-----END FGT VM LICENSE-----\n";
            Files.writeString(folder.resolve(name), content);
            files.put(content, name);
        }
        return files;
    }

    /** Replaces the file at once (write and rename), as an editor that saves safely does. */
    private static void write(Path file, String content) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, content, StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void violation(String what) {
        if (!violations.contains(what)) {
            violations.add(what);
            System.out.println("VIOLATION " + what);
        }
    }

    private static void pause(long seconds) {
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(seconds));
    }
}
