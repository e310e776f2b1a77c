package com.fortinet.autoscale.functions;

import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.fortianalyzer.FakeFortiAnalyzer;
import com.fortinet.autoscale.adapter.fortianalyzer.TestCertificate;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.fortianalyzer.RequestSignatures;
import com.fortinet.autoscale.local.LocalRunner;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The FortiAnalyzer integration end to end: the local runner over real HTTP, the app built from its app
 * settings, the JSON-RPC client over HTTPS (certificate pinned) to a fake FortiAnalyzer whose device list
 * changes between calls.
 */
class FazIntegrationIT {
    private static final String SECRET = "it-hmac-secret-0123456789abcdef0123456";
    private static final String VM1 = vm(1).value();
    private static final String VM2 = vm(2).value();
    private static final String VM3 = vm(3).value();
    private static final String FOREIGN = UUID.nameUUIDFromBytes(new byte[] {9}).toString();
    private static final Duration BOUND = Duration.ofSeconds(30);

    private static TestCertificate certificate;
    private FakeFortiAnalyzer faz;
    private App app;
    private LocalRunner runner;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void certificate() throws Exception {
        certificate = TestCertificate.generate("fake-faz-it");
    }

    @BeforeEach
    void startFake() throws Exception {
        faz = FakeFortiAnalyzer.start(certificate);
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
        if (app != null) {
            app.close();
        }
        faz.close();
    }

    private void start(List<Duration> retryDelays) throws Exception {
        Map<String, String> s = new HashMap<>();
        s.put(AppSettings.FAZ_API_URL, faz.url());
        s.put(AppSettings.FAZ_USERNAME, FakeFortiAnalyzer.USER);
        s.put(AppSettings.FAZ_PASSWORD, FakeFortiAnalyzer.PASSWORD);
        s.put(AppSettings.FAZ_CERTIFICATE_SHA256, certificate.sha256());
        s.put(AppSettings.FAZ_HANDLER_HMAC_SECRET, SECRET);
        s.put(AppSettings.FAZ_AUTH_SCHEDULE, "0 0 0 1 1 *");
        s.put(AppSettings.HEALTH_MONITOR_SCHEDULE, "0 0 0 1 1 *");
        s.put("ENABLE_FORTIANALYZER_INTEGRATION", "true");
        s.put("FAZ_IP", "10.0.3.4");
        s.put("FORTIGATE_AUTOSCALE_VIRTUAL_NETWORK_CIDR", "10.0.0.0/16");
        s.put("AUTOSCALE_HANDLER_URL", "http://127.0.0.1/api/fgt-as-handler");
        s.put("FORTIGATE_PSK_SECRET", "it-psk");
        s.put("BYOL_SCALING_GROUP_NAME", "byol");
        app = App.builder(AppSettings.of(s))
                .scaleSets(new StaticScaleSets(List.of(byol(1), byol(2), byol(3))))
                .fazRetryDelays(retryDelays)
                .build();
        runner = LocalRunner.start(app, 0);
    }

    private HttpResponse<String> post(String function, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.port() + "/api/" + function))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> heartbeat(String vmId) throws Exception {
        return post("fgt-as-handler", Map.of("Content-Type", "application/json"),
                "{\"instance\":\"" + vmId + "\",\"interval\":30,\"sequence\":1}");
    }

    private static Map<String, String> signed(String body) {
        long ts = Instant.now().getEpochSecond();
        String nonce = "it-" + UUID.randomUUID();
        return Map.of("X-Autoscale-Timestamp", String.valueOf(ts), "X-Autoscale-Nonce", nonce,
                "X-Autoscale-Signature", RequestSignatures.sign(SECRET, ts, nonce, body));
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    @Test
    void aNewFortiGatesHeartbeatReturnsAtOnceWhileTheFortiAnalyzerIsSlowAndItIsAuthorizedSoonAfter() throws Exception {
        start(List.of(Duration.ZERO, Duration.ofMillis(200), Duration.ofMillis(200)));
        faz.unauthorized(VM1, "FGVM01TM00000001", "10.0.1.1");
        faz.hang("/sys/login/user");

        long started = System.nanoTime();
        HttpResponse<String> r = heartbeat(VM1);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "the heartbeat took " + took);
        assertTrue(faz.await(() -> faz.calls().contains("/sys/login/user"), BOUND), "no authorization started");
        assertEquals(0, faz.logins(), "the FortiAnalyzer answered before the heartbeat returned");
        faz.release();
        assertTrue(faz.await(() -> faz.isAuthorized(VM1), BOUND), "not authorized: " + faz.calls());
        assertTrue(faz.await(() -> faz.openSessions() == 0, BOUND));
        assertEquals(List.of(VM1), faz.authorized());
    }

    @Test
    void theHandlerAuthorizesOnlyTheClustersWaitingDevicesAsTheirListChanges() throws Exception {
        start(List.of(Duration.ofDays(1)));
        faz.unauthorized(VM1, "FGVM01TM00000001", "10.0.1.1")
                .device(VM2, VM2, "FGVM01TM00000002", "10.0.1.2", true)
                .unauthorized(FOREIGN, "FGVM01TM00000099", "10.0.1.99")
                .unauthorized("branch-office-fgt", "FGT60FTK00000001", "192.168.1.1");
        for (String vm : List.of(VM1, VM2, VM3)) {
            assertEquals(200, heartbeat(vm).statusCode());
        }
        String body = "{\"reason\":\"scale-out\"}";

        Map<String, String> first = signed(body);
        HttpResponse<String> r1 = post("faz-auth-handler", first, body);
        faz.afterNextList(() -> faz.unauthorized(VM3, "FGVM01TM00000003", "10.0.2.3"));
        HttpResponse<String> r2 = post("faz-auth-handler", signed(body), body);
        HttpResponse<String> r3 = post("faz-auth-handler", signed(body), body);
        HttpResponse<String> replay = post("faz-auth-handler", first, body);

        assertEquals(200, r1.statusCode(), r1.body());
        assertEquals("[\"" + VM1 + "\"]", json(r1).get("authorized").toString());
        assertEquals(2, json(r1).get("notInCluster").getAsInt());
        assertEquals("[]", json(r2).get("authorized").toString());
        assertEquals("[\"" + VM3 + "\"]", json(r3).get("authorized").toString());
        assertEquals(401, replay.statusCode());
        assertEquals(List.of(VM1, VM3), faz.authorized());
        assertFalse(faz.isAuthorized(FOREIGN));
        assertFalse(faz.isAuthorized("branch-office-fgt"));
        assertEquals(3, faz.logins());
        assertEquals(3, faz.logouts());
        assertEquals(0, faz.openSessions());
    }

    @Test
    void aFortiAnalyzerThatFailsGets503AndTheHandlerStaysHealthy() throws Exception {
        start(List.of(Duration.ofDays(1)));
        faz.unauthorized(VM1, "FGVM01TM00000001", "10.0.1.1");
        assertEquals(200, heartbeat(VM1).statusCode());
        faz.httpStatus(502);
        String body = "{}";

        HttpResponse<String> down = post("faz-auth-handler", signed(body), body);
        faz.httpStatus(200);
        HttpResponse<String> back = post("faz-auth-handler", signed(body), body);

        assertEquals(503, down.statusCode());
        assertEquals("FortiAnalyzer answered HTTP 502 to /sys/login/user", down.body());
        assertEquals(200, back.statusCode(), back.body());
        assertEquals(List.of(VM1), faz.authorized());
    }

    @Test
    void theSchedulerAuthorizesOverHttpsToo() throws Exception {
        start(List.of(Duration.ofDays(1)));
        faz.unauthorized(VM2, "FGVM01TM00000002", "10.0.1.2");
        assertEquals(200, heartbeat(VM2).statusCode());

        new FazAuthSchedulerFunction(app).run("{}", new com.fortinet.autoscale.support.HttpMocks.Context().context);

        assertEquals(List.of(VM2), faz.authorized());
        assertEquals(1, faz.logouts());
    }

    @Test
    void theBootstrapOfAFortiGateLogsToTheFortiAnalyzersPrivateIp() throws Exception {
        start(List.of(Duration.ofDays(1)));

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + runner.port() + "/api/fgt-as-handler"))
                .header("Fos-instance-id", VM1).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("config log fortianalyzer setting"), r.body());
        assertTrue(r.body().contains("set server \"10.0.3.4\""), r.body());
    }
}
