package com.fortinet.autoscale.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged local runner as a newcomer starts it: {@code java -jar target/fortigate-autoscale-local.jar}
 * with nothing configured serves the demo cluster, prints its vmIds, answers, and stops cleanly.
 */
class LocalRunnerJarIT {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/api)/");

    @TempDir
    Path workDir;

    @Test
    void theJarServesTheDemoClusterAndStopsCleanly() throws Exception {
        Path jar = Path.of(System.getProperty("local.jar", "target/fortigate-autoscale-local.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "built by mvn package: " + jar);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString()).directory(workDir.toFile())
                .redirectErrorStream(true);
        pb.environment().put("PORT", "0");
        long started = System.nanoTime();
        Process process = pb.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            String base = null;
            StringBuilder banner = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (base == null && System.nanoTime() < deadline) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null) {
                    banner.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        base = m.group(1);
                    }
                }
            }
            assertNotNull(base, "the runner says where it listens: " + banner);
            long listeningMillis = (System.nanoTime() - started) / 1_000_000;
            HttpClient http = HttpClient.newHttpClient();
            String vm = "11111111-1111-4111-8111-111111111111";
            HttpResponse<String> config = http.send(HttpRequest.newBuilder(URI.create(base + "/fgt-as-handler"))
                    .header("Fos-instance-id", vm).build(), HttpResponse.BodyHandlers.ofString());
            long firstAnswerMillis = (System.nanoTime() - started) / 1_000_000;
            System.out.println("local runner: listening " + listeningMillis + " ms, first answer " + firstAnswerMillis
                    + " ms after the JVM was started");
            assertEquals(200, config.statusCode(), config.body());
            assertTrue(config.body().contains("config system auto-scale"));
            HttpResponse<String> hb = http.send(HttpRequest.newBuilder(URI.create(base + "/fgt-as-handler"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"instance\":\"" + vm + "\",\"interval\":30}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("{\"master-ip\":\"10.0.1.4\",\"primary-ip\":\"10.0.1.4\"}", hb.body());
            for (String line = lines.poll(2, TimeUnit.SECONDS); line != null && !line.contains("curl http");
                    line = lines.poll(2, TimeUnit.SECONDS)) {
                banner.append(line).append('\n');
            }
            banner.append(lines.isEmpty() ? "" : "");
            for (String demo : List.of(vm, "44444444-4444-4444-8444-444444444444")) {
                assertTrue(banner.toString().contains(demo), "demo vmIds are printed");
            }
            assertTrue(banner.toString().contains("curl "), "example calls are printed");
        } finally {
            // SIGTERM (as Ctrl-C): the shutdown hook stops the server. Process.destroy() would close our pipe.
            process.toHandle().destroy();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "stops within 10 s");
        }
        reader.join(5000);
        String rest = String.join("\n", lines);
        assertTrue(rest.contains("local runner stopped"), "[" + rest + "] exit " + process.exitValue());
    }
}
