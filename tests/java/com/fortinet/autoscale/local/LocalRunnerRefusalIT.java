package com.fortinet.autoscale.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runner with a configuration mistake: it exits at once with status 2 and one line per mistake
 * naming the setting, before it opens its port or starts a timer; no stack trace.
 */
class LocalRunnerRefusalIT {
    @TempDir
    Path workDir;

    private record Run(int status, List<String> lines) {}

    private Run run(Map<String, String> env) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("local.jar", "target/fortigate-autoscale-local.jar")).toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString()).directory(workDir.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "exits by itself");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.exitValue(), out.lines().filter(l -> !l.isBlank()).toList());
    }

    @Test
    void aFiveFieldScheduleAndABadPortAreNamedAndNothingStarts() throws Exception {
        Run r = run(Map.of("PORT", "abc", "HEALTH_MONITOR_SCHEDULE", "*/1 * * * *"));

        assertEquals(2, r.status(), String.join("\n", r.lines()));
        assertEquals(2, r.lines().size(), "one line per mistake: " + r.lines());
        assertTrue(r.lines().get(0).startsWith("local runner not started: PORT: "), r.lines().get(0));
        assertTrue(r.lines().get(1).contains("HEALTH_MONITOR_SCHEDULE: expected an NCRONTAB schedule of six fields"),
                r.lines().get(1));
        assertTrue(r.lines().stream().noneMatch(l -> l.contains("Exception") || l.contains("\tat ")), r.lines().toString());
    }

    @Test
    void aMissingAssetFolderIsNamed() throws Exception {
        Run r = run(Map.of("PORT", "0", "LOCAL_ASSET_DIR", workDir.resolve("no-such-folder").toString()));

        assertEquals(2, r.status(), String.join("\n", r.lines()));
        assertEquals(List.of("local runner not started: LOCAL_ASSET_DIR: the folder "
                + workDir.resolve("no-such-folder").toAbsolutePath() + " does not exist"), r.lines());
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run r = run(Map.of("PORT", String.valueOf(taken.getLocalPort())));

            // the app (and its background client start) exists by the time the port is tried: its INFO line may
            // come first; what matters is the one refusal line and no trace
            assertEquals(2, r.status(), String.join("\n", r.lines()));
            assertEquals(List.of("local runner not started: PORT: port " + taken.getLocalPort()
                    + " is in use; stop the other process or set PORT (0 picks a free port)"),
                    r.lines().stream().filter(l -> l.startsWith("local runner not started")).toList());
            assertTrue(r.lines().stream().noneMatch(l -> l.contains("Exception") || l.contains("\tat ")
                    || l.contains("SEVERE")), r.lines().toString());
        }
    }

    @Test
    void aBrokenLocalSettingsFileIsNamed() throws Exception {
        Files.writeString(workDir.resolve("local.settings.json"), "{\"Values\": {");
        Run r = run(Map.of("PORT", "0"));

        assertEquals(2, r.status(), String.join("\n", r.lines()));
        assertEquals(1, r.lines().size(), r.lines().toString());
        assertTrue(r.lines().get(0).startsWith("local runner not started: local.settings.json: "), r.lines().get(0));
    }
}
