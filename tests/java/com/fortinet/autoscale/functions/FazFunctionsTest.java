package com.fortinet.autoscale.functions;

import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.memory.InMemorySettingsStore;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzerRejectedException;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzerUnavailableException;
import com.fortinet.autoscale.domain.fortianalyzer.RequestSignatures;
import com.fortinet.autoscale.support.Fixtures;
import com.fortinet.autoscale.local.LocalHttpRequest;
import com.fortinet.autoscale.support.HttpMocks;
import com.fortinet.autoscale.support.MutableClock;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.functions.HttpMethod;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** faz-auth-handler (signed requests, FortiAnalyzer failures) and faz-auth-scheduler, with mocked requests. */
class FazFunctionsTest {
    private static final String SECRET = "test-hmac-secret-0123456789abcdef0123";
    private static final String BODY = "{\"reason\":\"manual\"}";

    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    private final ScriptedFortiAnalyzer faz = new ScriptedFortiAnalyzer();
    private final InMemorySettingsStore settings = new InMemorySettingsStore(new HashMap<>(Map.of(
            "enable-fortianalyzer-integration", "true",
            "fortigate-autoscale-virtual-network-cidr", "10.0.0.0/16")));
    private final HttpMocks.Context ctx = new HttpMocks.Context();
    private App app = app(Map.of(AppSettings.FAZ_HANDLER_HMAC_SECRET, SECRET));
    private int nonces;

    private App app(Map<String, String> appSettings) {
        App a = App.builder(AppSettings.of(appSettings)).clock(clock)
                .scaleSets(new StaticScaleSets(List.of(byol(1), byol(2))))
                .settingsStore(settings).settingsTtl(Duration.ZERO)
                .fortiAnalyzer(faz).fazRetryDelays(List.of(Duration.ofDays(1)))
                .build();
        a.heartbeats().handle(Fixtures.beat(1, 30), "setup");
        a.heartbeats().handle(Fixtures.beat(2, 30), "setup");
        return a;
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private Map<String, String> signed(long timestamp, String nonce, String body) {
        return Map.of(FazAuthHandlerFunction.TIMESTAMP_HEADER, String.valueOf(timestamp),
                FazAuthHandlerFunction.NONCE_HEADER, nonce,
                FazAuthHandlerFunction.SIGNATURE_HEADER, RequestSignatures.sign(SECRET, timestamp, nonce, body));
    }

    private Map<String, String> signed(String body) {
        return signed(clock.instant().getEpochSecond(), String.format("test-nonce-%08d", ++nonces), body);
    }

    private LocalHttpRequest.Response call(Map<String, String> headers, String body) {
        return (LocalHttpRequest.Response) new FazAuthHandlerFunction(app)
                .run(HttpMocks.request(HttpMethod.POST, headers, body), ctx.context);
    }

    @Test
    void aSignedRequestAuthorizesTheClustersWaitingDevices() {
        faz.waiting(vm(1).value(), "FGVM01", "10.0.1.1").waiting(vm(99).value(), "FGVM99", "10.0.1.99");

        LocalHttpRequest.Response r = call(signed(BODY), BODY);

        assertEquals(200, r.getStatusCode(), r.text());
        JsonObject json = JsonParser.parseString(r.text()).getAsJsonObject();
        assertTrue(json.get("enabled").getAsBoolean());
        assertEquals("[\"" + vm(1).value() + "\"]", json.get("authorized").toString());
        assertEquals(1, json.get("notInCluster").getAsInt());
        assertEquals(List.of(vm(1).value()), faz.authorized());
    }

    @Test
    void callingAgainChangesNothing() {
        faz.waiting(vm(1).value(), "FGVM01", "10.0.1.1");
        call(signed(BODY), BODY);

        LocalHttpRequest.Response again = call(signed(BODY), BODY);

        assertEquals(200, again.getStatusCode());
        JsonObject json = JsonParser.parseString(again.text()).getAsJsonObject();
        assertEquals("[]", json.get("authorized").toString());
        assertEquals(1, json.get("alreadyAuthorized").getAsInt());
        assertEquals(List.of(vm(1).value()), faz.authorized());
    }

    @Test
    void aBadSignatureIs401WithALoggedCorrelationIdAndNothingDone() {
        faz.waiting(vm(1).value(), "FGVM01", "10.0.1.1");
        Map<String, String> headers = new HashMap<>(signed(BODY));
        headers.put(FazAuthHandlerFunction.SIGNATURE_HEADER, "00".repeat(32));

        LocalHttpRequest.Response r = call(headers, BODY);

        assertEquals(401, r.getStatusCode());
        assertEquals("unauthorized: bad signature", r.text());
        assertEquals(0, faz.sessions());
        assertTrue(ctx.log().contains("cid=" + ctx.invocationId) && ctx.log().contains("status=401"), ctx.log());
        assertFalse(ctx.log().contains(SECRET));
    }

    @Test
    void aReplayedRequestIs401AndNothingIsDoneTwice() {
        faz.waiting(vm(1).value(), "FGVM01", "10.0.1.1");
        Map<String, String> headers = signed(BODY);
        assertEquals(200, call(headers, BODY).getStatusCode());

        LocalHttpRequest.Response replay = call(headers, BODY);

        assertEquals(401, replay.getStatusCode());
        assertTrue(replay.text().contains("replayed"), replay.text());
        assertEquals(1, faz.sessions());
    }

    @Test
    void aStaleTimestampIs401() {
        long tenMinutesAgo = clock.instant().getEpochSecond() - 600;

        LocalHttpRequest.Response r = call(signed(tenMinutesAgo, "test-nonce-stale-0001", BODY), BODY);

        assertEquals(401, r.getStatusCode());
        assertTrue(r.text().startsWith("unauthorized: stale timestamp"), r.text());
        assertEquals(0, faz.sessions());
    }

    @Test
    void anUnsignedRequestIs401() {
        LocalHttpRequest.Response r = call(Map.of(), BODY);

        assertEquals(401, r.getStatusCode());
        assertEquals("unauthorized: missing signature headers", r.text());
    }

    @Test
    void withoutASecretTheHandlerRefusesEveryRequestNamingTheSetting() {
        app.close();
        app = app(Map.of());

        LocalHttpRequest.Response r = call(signed(BODY), BODY);

        assertEquals(500, r.getStatusCode());
        assertTrue(r.text().contains(AppSettings.FAZ_HANDLER_HMAC_SECRET), r.text());
        assertEquals(0, faz.sessions());
    }

    @Test
    void aFortiAnalyzerThatIsDownIs503AndTheNextCallWorks() {
        faz.waiting(vm(1).value(), "FGVM01", "10.0.1.1");
        faz.failWith(new FortiAnalyzerUnavailableException(FortiAnalyzerUnavailableException.Kind.TIMEOUT,
                "FortiAnalyzer did not answer /sys/login/user within 20000 ms", null));

        LocalHttpRequest.Response down = call(signed(BODY), BODY);

        assertEquals(503, down.getStatusCode());
        assertEquals("FortiAnalyzer did not answer /sys/login/user within 20000 ms", down.text());
        assertEquals("60", down.getHeader("Retry-After"));
        faz.failWith(null);
        assertEquals(200, call(signed(BODY), BODY).getStatusCode());
        assertEquals(List.of(vm(1).value()), faz.authorized());
    }

    @Test
    void aFortiAnalyzerThatRefusesIs502WithItsMessage() {
        faz.failWith(new FortiAnalyzerRejectedException("/sys/login/user", -22, "Login fail"));

        LocalHttpRequest.Response r = call(signed(BODY), BODY);

        assertEquals(502, r.getStatusCode());
        assertEquals("FortiAnalyzer refused /sys/login/user: Login fail (code -22)", r.text());
    }

    @Test
    void aDisabledIntegrationAnswersSoAndCallsNoFortiAnalyzer() {
        settings.put("enable-fortianalyzer-integration", "false");

        LocalHttpRequest.Response r = call(signed(BODY), BODY);

        assertEquals(200, r.getStatusCode());
        assertFalse(JsonParser.parseString(r.text()).getAsJsonObject().get("enabled").getAsBoolean());
        assertEquals(0, faz.sessions());
    }

    @Test
    void theSchedulerReconcilesDirectly() {
        faz.waiting(vm(2).value(), "FGVM02", "10.0.1.2");

        new FazAuthSchedulerFunction(app).run("{\"isPastDue\":false}", ctx.context);

        assertEquals(List.of(vm(2).value()), faz.authorized());
        assertTrue(ctx.log().contains("fn=faz-auth-scheduler enabled=true authorized=1"), ctx.log());
    }

    @Test
    void theSchedulerLogsAFortiAnalyzerFailureAndStaysHealthy() {
        faz.failWith(new FortiAnalyzerUnavailableException(FortiAnalyzerUnavailableException.Kind.UNREACHABLE,
                "FortiAnalyzer unreachable at 10.0.3.4: connection refused", null));

        assertDoesNotThrow(() -> new FazAuthSchedulerFunction(app).run("{}", ctx.context));

        assertTrue(ctx.log().contains("failed, the next run retries"), ctx.log());
    }
}
