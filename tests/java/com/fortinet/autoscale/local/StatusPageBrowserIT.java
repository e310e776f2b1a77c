package com.fortinet.autoscale.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.local.DemoCluster;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.support.MutableClock;
import java.io.IOException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page in a real browser: headless Chromium (Debian's {@code chromium}, installed by
 * {@code scripts/ensure-chromium.sh} when missing) loads {@code cluster-status} from the local runner with the demo
 * cluster after a failover, and the rendered DOM shows the new primary's row and the election. A screenshot is saved
 * as {@code target/status-page.png}. The failover happens on a hand-moved clock: no sleeps.
 */
class StatusPageBrowserIT {
    private static final String V1 = "11111111-1111-4111-8111-111111111111";
    private static final String V2 = "22222222-2222-4222-8222-222222222222";
    private static final String V3 = "33333333-3333-4333-8333-333333333333";

    @TempDir
    Path profile;
    private final MutableClock clock = MutableClock.at("2026-01-01T09:00:00Z");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalRunner runner;

    @BeforeEach
    void start() throws IOException {
        AppSettings settings = AppSettings.of(Map.of(
                AppSettings.HEALTH_MONITOR_SCHEDULE, "0 0 0 1 1 *",
                "HEARTBEAT_DELAY_ALLOWANCE", "2",
                "BYOL_SCALING_GROUP_NAME", "byol",
                "PAYG_SCALING_GROUP_NAME", "payg",
                "AUTOSCALE_HANDLER_URL", "http://127.0.0.1/api/fgt-as-handler",
                "FORTIGATE_PSK_SECRET", "local-psk",
                "FORTIGATE_AUTOSCALE_VIRTUAL_NETWORK_CIDR", "10.0.0.0/16"));
        App app = App.builder(settings).clock(clock).scaleSets(new StaticScaleSets(DemoCluster.members())).build();
        runner = LocalRunner.start(app, 0);
    }

    @AfterEach
    void stop() {
        runner.close();
    }

    private void heartbeat(String vm) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("fgt-as-handler"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"instance\":\"" + vm + "\",\"interval\":2}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    private String statusJson() throws Exception {
        return http.send(HttpRequest.newBuilder(url("cluster-status")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private URI url(String function) {
        return URI.create("http://127.0.0.1:" + runner.port() + "/api/" + function);
    }

    @Test
    void afterAFailoverTheBrowserShowsTheNewPrimaryAndTheElection() throws Exception {
        // Setup: 1111 is elected; it falls silent while 2222 and 3333 keep beating every 2 s
        heartbeat(V1);
        heartbeat(V2);
        heartbeat(V3);
        for (int i = 0; i < 10 && !statusJson().contains("\"primary\":{\"vmId\":\"" + V2); i++) {
            clock.advanceSeconds(2);
            heartbeat(V2);
            heartbeat(V3);
        }
        assertTrue(statusJson().contains("\"primary\":{\"vmId\":\"" + V2), statusJson());

        // Invoke: a real browser loads the page and renders it
        String browser = ensureChromium();
        String dom = run(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.resolve("dom"), "--dump-dom", url("cluster-status").toString()));
        Path screenshot = Path.of("target", "status-page.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        run(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--user-data-dir=" + profile.resolve("shot"), "--screenshot=" + screenshot,
                "--window-size=1200,900", url("cluster-status").toString()));

        // Verify: the DOM the browser built from the page
        assertTrue(dom.contains("<code id=\"primary-vm\">" + V2 + "</code>"), dom);
        assertTrue(dom.contains("term <b id=\"term\">2</b>"), dom);
        int row = dom.indexOf("<tr class=\"primary\" data-vm=\"" + V2 + "\">");
        assertTrue(row >= 0, "the new primary's row is marked: " + dom);
        String primaryRow = dom.substring(row, dom.indexOf("</tr>", row));
        assertTrue(primaryRow.contains("10.0.1.5") && primaryRow.contains("byol") && primaryRow.contains("healthy"),
                primaryRow);
        assertTrue(dom.contains("<tr data-vm=\"" + V1 + "\">"), "the silent old primary is listed, no longer primary");
        int election = dom.indexOf("<tr data-event=\"primary-elected\">");
        assertTrue(election >= 0, dom);
        String electionRow = dom.substring(election, dom.indexOf("</tr>", election));
        assertTrue(electionRow.contains(V2) && electionRow.contains("previous=" + V1) && electionRow.contains("term=2"),
                electionRow);
        assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the rendered page: " + screenshot);
    }

    /** The browser, installed by the project's script when it is missing. */
    private static String ensureChromium() throws Exception {
        String path = run(List.of("sh", Path.of("scripts", "ensure-chromium.sh").toAbsolutePath().toString())).trim();
        assertTrue(!path.isEmpty() && Files.isExecutable(Path.of(path)), "chromium at " + path);
        return path;
    }

    /** Runs a command to its end (at most 3 minutes) and returns its standard output. */
    private static String run(List<String> command) throws Exception {
        Path out = Files.createTempFile("status-page", ".out");
        Path err = Files.createTempFile("status-page", ".err");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), command + ": " + stderr.substring(Math.max(0, stderr.length() - 2000)));
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
