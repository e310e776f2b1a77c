package com.fortinet.autoscale.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.support.MutableClock;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runner driven over real HTTP like a small cluster of FortiGates: bootstrap, heartbeats, one
 * primary announced to all, the primary falling silent, a new primary announced, the old one told when it
 * returns. Time is compressed with a hand-moved clock: no sleeps.
 */
class LocalRunnerEndToEndTest {
    private static final String VM1 = "aaaaaaaa-0000-4000-8000-000000000001";
    private static final String VM2 = "aaaaaaaa-0000-4000-8000-000000000002";
    private static final String VM3 = "aaaaaaaa-0000-4000-8000-000000000003";

    @TempDir
    Path dir;
    private Path scaleSets;
    private LocalRunner runner;
    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws IOException {
        scaleSets = dir.resolve("scale-sets.json");
        writeScaleSets(VM1, VM2, VM3);
        AppSettings settings = AppSettings.of(Map.of(
                AppSettings.LOCAL_SCALE_SETS_FILE, scaleSets.toString(),
                AppSettings.HEALTH_MONITOR_SCHEDULE, "0 0 0 1 1 *",
                "HEARTBEAT_DELAY_ALLOWANCE", "0.5",
                "HEARTBEAT_LOSS_COUNT", "3",
                "BYOL_SCALING_GROUP_NAME", "byol",
                "AUTOSCALE_HANDLER_URL", "http://127.0.0.1/api/fgt-as-handler",
                "FORTIGATE_PSK_SECRET", "local-psk",
                "FORTIGATE_AUTOSCALE_VIRTUAL_NETWORK_CIDR", "10.0.0.0/16"));
        App app = App.builder(settings).clock(clock)
                .scaleSets(new com.fortinet.autoscale.adapter.local.LocalScaleSetsFile(scaleSets)).build();
        runner = LocalRunner.start(app, 0);
    }

    @AfterEach
    void stop() {
        runner.close();
    }

    private void writeScaleSets(String... vmIds) throws IOException {
        StringBuilder instances = new StringBuilder();
        for (String vm : vmIds) {
            if (instances.length() > 0) {
                instances.append(',');
            }
            instances.append("{\"vmId\":\"").append(vm).append("\",\"privateIp\":\"10.0.1.")
                    .append(Integer.parseInt(vm.substring(vm.length() - 1)) + 3).append("\"}");
        }
        Files.writeString(scaleSets, "{\"scaleSets\":[{\"name\":\"byol\",\"licensing\":\"byol\",\"instances\":["
                + instances + "]}]}");
        // a rewrite within the file system's time resolution must still be seen
        Files.setLastModifiedTime(scaleSets, java.nio.file.attribute.FileTime.fromMillis(System.nanoTime()));
    }

    private HttpResponse<String> bootstrap(String vm) throws Exception {
        return http.send(HttpRequest.newBuilder(url("fgt-as-handler")).header("Fos-instance-id", vm).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> heartbeat(String vm) throws Exception {
        String body = "{\"instance\":\"" + vm + "\",\"interval\":1}";
        return http.send(HttpRequest.newBuilder(url("fgt-as-handler")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String announced(String vm) throws Exception {
        HttpResponse<String> r = heartbeat(vm);
        assertEquals(200, r.statusCode(), r.body());
        if (r.body().isEmpty()) {
            return null;
        }
        JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
        assertEquals(o.get("master-ip").getAsString(), o.get("primary-ip").getAsString());
        return o.get("primary-ip").getAsString();
    }

    private JsonObject status() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("cluster-status")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private URI url(String function) {
        return URI.create("http://127.0.0.1:" + runner.port() + "/api/" + function);
    }

    @Test
    void aSmallClusterBootstrapsElectsOnePrimaryAndFailsOver() throws Exception {
        // a fresh cluster: every FortiGate boots as a secondary, none is named primary
        for (String vm : List.of(VM1, VM2, VM3)) {
            HttpResponse<String> config = bootstrap(vm);
            assertEquals(200, config.statusCode());
            assertTrue(config.body().contains("    set role secondary\n    set callback-url"), config.body());
            assertFalse(config.body().contains("set role primary"), config.body());
            assertFalse(config.body().contains("primary-ip"), config.body());
        }

        // the first heartbeat elects its device, and the answer carrying its own IP promotes it
        assertEquals("10.0.1.4", announced(VM1));
        assertEquals("10.0.1.4", announced(VM2));
        assertEquals("10.0.1.4", announced(VM3));
        assertEquals(VM1, status().getAsJsonObject("primary").get("vmId").getAsString());

        HttpResponse<String> second = bootstrap(VM2);
        assertTrue(second.body().contains("set role secondary\n    set primary-ip 10.0.1.4\n"), second.body());

        // steady state: nobody is told anything
        clock.advanceSeconds(1);
        assertEquals(null, announced(VM1));
        assertEquals(null, announced(VM2));
        assertEquals(null, announced(VM3));

        // the primary falls silent; the others keep beating every second
        String newPrimary = null;
        String toldThird = null;
        for (int second2 = 0; second2 < 5 && newPrimary == null; second2++) {
            clock.advanceSeconds(1);
            newPrimary = announced(VM2);
            toldThird = announced(VM3);
        }
        assertEquals("10.0.1.5", newPrimary, "the secondary that noticed first is elected");
        JsonObject view = status();
        assertEquals(VM2, view.getAsJsonObject("primary").get("vmId").getAsString());
        assertEquals(2, view.getAsJsonObject("primary").get("term").getAsInt());

        assertEquals("10.0.1.5", toldThird, "every secondary learns the new primary");
        clock.advanceSeconds(1);
        assertEquals(null, announced(VM3));
        assertEquals("10.0.1.5", announced(VM1), "the returning old primary is told who the primary is");
        assertEquals(null, announced(VM1));
    }

    @Test
    void anInstanceRemovedFromTheScaleSetsFileIsNoLongerServed() throws Exception {
        assertEquals(200, heartbeat(VM3).statusCode());
        writeScaleSets(VM1, VM2);
        HttpResponse<String> r = heartbeat(VM3);
        assertEquals(404, r.statusCode());
        assertEquals("vmId " + VM3 + " is in no managed scale set", r.body());
        assertEquals(404, bootstrap(VM3).statusCode());
    }

    @Test
    void unknownRoutesAndMethodsAreRefused() throws Exception {
        assertEquals(404, http.send(HttpRequest.newBuilder(url("nope")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(405, http.send(HttpRequest.newBuilder(url("cluster-status"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }
}
