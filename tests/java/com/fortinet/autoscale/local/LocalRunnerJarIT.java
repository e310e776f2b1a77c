package com.fortinet.autoscale.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.support.CosmosServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged local runner as a newcomer starts it, with the README's command {@code java
 * @target/fast-start.args -jar target/fortigate-autoscale-local.jar}: with nothing configured it serves the demo
 * cluster, prints its vmIds, answers, and stops cleanly. It prints the start figures (issue 16): listening and first
 * answer in memory, and the first heartbeat answered with state in the Cosmos DB test server, with the options
 * {@code mvn package} wrote (the class-data sharing archive) and without them, and checks that the archive holds
 * what a Cosmos DB start loads (it fails when {@code src/build/cds-classlist.txt} has gone stale:
 * {@code scripts/cds-classlist.sh} writes it again).
 */
class LocalRunnerJarIT {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/api)/");
    private static final String VM = "11111111-1111-4111-8111-111111111111";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path workDir;

    private static Path jar() {
        Path jar = Path.of(System.getProperty("local.jar", "target/fortigate-autoscale-local.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "built by mvn package: " + jar);
        return jar;
    }

    /** The options file mvn package writes beside the jar. */
    private static Path fastStart() {
        Path args = jar().resolveSibling("fast-start.args");
        assertTrue(Files.isRegularFile(args), "written by mvn package: " + args);
        return args;
    }

    @Test
    void theJarServesTheDemoClusterAndStopsCleanly() throws Exception {
        Runner runner = Runner.start(workDir, List.of("@" + fastStart()), Map.of("PORT", "0"));
        try {
            String base = runner.awaitListening();
            long listeningMillis = runner.millis();
            HttpResponse<String> config = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/fgt-as-handler"))
                    .header("Fos-instance-id", VM).build(), HttpResponse.BodyHandlers.ofString());
            long firstAnswerMillis = runner.millis();
            assertEquals(200, config.statusCode(), config.body());
            assertTrue(config.body().contains("config system auto-scale"));
            HttpResponse<String> hb = HTTP.send(heartbeat(base), HttpResponse.BodyHandlers.ofString());
            System.out.println("local runner in memory: listening " + listeningMillis + " ms, first answer "
                    + firstAnswerMillis + " ms, first heartbeat answered " + runner.millis()
                    + " ms after the JVM was started (java @fast-start.args -jar)");
            assertEquals("{\"master-ip\":\"10.0.1.4\",\"primary-ip\":\"10.0.1.4\"}", hb.body());
            String banner = runner.linesUntil("curl http");
            for (String demo : List.of(VM, "44444444-4444-4444-8444-444444444444")) {
                assertTrue(banner.contains(demo), "demo vmIds are printed");
            }
            assertTrue(banner.contains("curl "), "example calls are printed");
        } finally {
            runner.stop();
        }
        assertTrue(runner.rest().contains("local runner stopped"), "[" + runner.rest() + "]");
    }

    @Test
    void withStateInCosmosDbTheFirstHeartbeatIsAnsweredFromTheArchive() throws Exception {
        CosmosServer cosmos = CosmosServer.get();
        Path classes = workDir.resolve("classes.txt");
        long withArchive = firstHeartbeat(cosmos, List.of("@" + fastStart(), "-Xlog:class+load=info:file=" + classes));
        long plain = firstHeartbeat(cosmos, List.of());
        List<String> loaded = Files.readAllLines(classes);
        long shared = loaded.stream().filter(l -> l.contains("source: shared objects file")).count();
        System.out.printf("local runner with Cosmos DB: first heartbeat answered %d ms after the JVM was started"
                        + " (java @fast-start.args -jar; %d of %d classes from the archive), %d ms with java -jar%n",
                withArchive, shared, loaded.size(), plain);
        assertTrue(shared >= loaded.size() * 0.9, "the archive holds what a start loads: " + shared + " of "
                + loaded.size() + " classes; run scripts/cds-classlist.sh");
    }

    /** Milliseconds from the JVM's start to the first heartbeat answered 200, state in Cosmos DB. */
    private long firstHeartbeat(CosmosServer cosmos, List<String> options) throws Exception {
        Path dir = Files.createTempDirectory(workDir, "run");
        List<String> all = new ArrayList<>(options);
        all.add("-DCOSMOS.EMULATOR_SERVER_CERTIFICATE_VALIDATION_DISABLED=true");
        Runner runner = Runner.start(dir, all, Map.of("PORT", "0", "COSMOS_ENDPOINT", cosmos.endpoint(),
                "COSMOS_KEY", CosmosServer.KEY, "COSMOS_DATABASE", "jar-it-" + System.nanoTime()));
        try {
            String base = runner.awaitListening();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                HttpResponse<String> hb = HTTP.send(heartbeat(base), HttpResponse.BodyHandlers.ofString());
                if (hb.statusCode() == 200) {
                    return runner.millis();
                }
                // Not yet (a 503 after the store's start timed out): the next request waits in the runner again.
            }
            throw new AssertionError("no heartbeat answered 200 within 60 s: " + runner.rest());
        } finally {
            runner.stop();
        }
    }

    private static HttpRequest heartbeat(String base) {
        return HttpRequest.newBuilder(URI.create(base + "/fgt-as-handler")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"instance\":\"" + VM + "\",\"interval\":30}")).build();
    }

    /** The runner process, everything it printed so far, and the time since it was started. */
    private record Runner(Process process, StringBuffer output, long started, Thread reader) {
        static Runner start(Path dir, List<String> options, Map<String, String> env) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(options);
            command.add("-jar");
            command.add(jar().toString());
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            long started = System.nanoTime();
            Process process = pb.start();
            StringBuffer output = new StringBuffer();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        synchronized (output) {
                            output.append(line).append('\n');
                            output.notifyAll();
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
                synchronized (output) {
                    output.notifyAll(); // no more output: waiters stop waiting
                }
            });
            reader.setDaemon(true);
            reader.start();
            return new Runner(process, output, started, reader);
        }

        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        }

        /** The base URL the runner prints when it listens. */
        String awaitListening() throws InterruptedException {
            awaitOutput(LISTENING, Duration.ofSeconds(20));
            Matcher m = LISTENING.matcher(output);
            assertTrue(m.find(), "the runner says where it listens: " + output);
            return m.group(1);
        }

        /** Everything printed once the text has appeared (or after 5 s). */
        String linesUntil(String text) throws InterruptedException {
            awaitOutput(Pattern.compile(Pattern.quote(text)), Duration.ofSeconds(5));
            return output.toString();
        }

        /** Waits, woken by each line the reader appends, until the pattern appears, the output ends or time is up. */
        private void awaitOutput(Pattern pattern, Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            synchronized (output) {
                for (long left = wait.toMillis(); !pattern.matcher(output).find() && left > 0 && reader.isAlive();
                        left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
                    output.wait(left);
                }
            }
        }

        /** SIGTERM (as Ctrl-C): the shutdown hook stops the server. Process.destroy() would close our pipe. */
        void stop() throws InterruptedException {
            process.toHandle().destroy();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "stops within 10 s");
            reader.join(5000);
        }

        String rest() {
            return output.toString();
        }
    }
}
