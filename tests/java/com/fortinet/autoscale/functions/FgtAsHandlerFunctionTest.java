package com.fortinet.autoscale.functions;

import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.StoreUnavailableException;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.health.HealthRecords;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.local.LocalHttpRequest;
import com.fortinet.autoscale.support.HttpMocks;
import com.fortinet.autoscale.support.TestCluster;
import com.microsoft.azure.functions.HttpMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FgtAsHandlerFunctionTest {
    private static final String VM1 = vm(1).value();
    private final TestCluster cluster = new TestCluster(List.of(byol(1), byol(2)), Map.of());
    private final HttpMocks.Context ctx = new HttpMocks.Context();

    private LocalHttpRequest.Response get(Map<String, String> headers) {
        return (LocalHttpRequest.Response) new FgtAsHandlerFunction(cluster.app)
                .run(HttpMocks.request(HttpMethod.GET, headers, null), ctx.context);
    }

    private LocalHttpRequest.Response post(String body) {
        return (LocalHttpRequest.Response) new FgtAsHandlerFunction(cluster.app)
                .run(HttpMocks.request(HttpMethod.POST, Map.of("Content-Type", "application/json"), body), ctx.context);
    }

    @Test
    void getReturnsTheBootstrapConfigurationAsPlainText() {
        LocalHttpRequest.Response r = get(Map.of("Fos-instance-id", VM1.toUpperCase()));
        assertEquals(200, r.getStatusCode());
        assertTrue(r.getHeader("Content-Type").startsWith("text/plain"));
        assertTrue(r.text().contains("config system auto-scale"));
        assertTrue(r.text().contains("set psksecret \"s3cret-psk\""));
        assertTrue(r.text().endsWith("\n"));
        assertFalse(ctx.log().contains("s3cret-psk"), "no secret in a log line");
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        assertEquals(200, get(Map.of("fos-instance-id", VM1)).getStatusCode());
    }

    @Test
    void getWithoutTheInstanceHeaderIs400WithAFortiOsComment() {
        LocalHttpRequest.Response r = get(Map.of());
        assertEquals(400, r.getStatusCode());
        assertEquals("# autoscale: missing Fos-instance-id header\n", r.text());
        assertTrue(ctx.log().contains("cid=" + ctx.invocationId), "logged with the correlation id");
    }

    @Test
    void getWithAMalformedInstanceIdIs400() {
        LocalHttpRequest.Response r = get(Map.of("Fos-instance-id", "not-a-guid"));
        assertEquals(400, r.getStatusCode());
        assertTrue(r.text().startsWith("# autoscale: "));
    }

    @Test
    void getForAVmInNoScaleSetIs404() {
        LocalHttpRequest.Response r = get(Map.of("Fos-instance-id", vm(9).value()));
        assertEquals(404, r.getStatusCode());
        assertEquals("# autoscale: vmId " + vm(9) + " is in no managed scale set\n", r.text());
        List<Notification> failed = cluster.notifier.of(Notification.Type.BOOTSTRAP_FAILED);
        assertEquals(1, failed.size());
        assertEquals(vm(9).value(), failed.get(0).subject());
        assertEquals(404, failed.get(0).details().get("status"));
    }

    @Test
    void getWithAMissingSettingIs500NamingItAndNeverConfig() {
        cluster.settingsStore.put("autoscale-handler-url", "");
        cluster.settings.invalidate();
        LocalHttpRequest.Response r = get(Map.of("Fos-instance-id", VM1));
        assertEquals(500, r.getStatusCode());
        assertTrue(r.text().startsWith("# autoscale: setting autoscale-handler-url is not set"), r.text());
        assertEquals(1, r.text().split("\n").length, "a single comment line");
        List<Notification> failed = cluster.notifier.of(Notification.Type.BOOTSTRAP_FAILED);
        assertEquals(1, failed.size(), "announced once");
        assertEquals(VM1, failed.get(0).subject());
        assertEquals(ctx.invocationId, failed.get(0).correlationId());
        assertEquals("setting autoscale-handler-url is not set", failed.get(0).details().get("reason").toString()
                .substring(0, "setting autoscale-handler-url is not set".length()));
    }

    @Test
    void aServedConfigurationOrABadHeaderAnnouncesNoBootstrapFailure() {
        get(Map.of("Fos-instance-id", VM1));
        get(Map.of("Fos-instance-id", "not-a-guid"));
        post("{\"instance\":\"" + VM1 + "\",\"interval\":30}");
        assertTrue(cluster.notifier.of(Notification.Type.BOOTSTRAP_FAILED).isEmpty());
    }

    @Test
    void aHeartbeatAnswersThePrimaryIpWhenTheDeviceMustLearnIt() {
        LocalHttpRequest.Response r = post("{\"instance\":\"" + VM1 + "\",\"interval\":30}");
        assertEquals(200, r.getStatusCode());
        assertEquals("{\"master-ip\":\"10.0.1.1\",\"primary-ip\":\"10.0.1.1\"}", r.text());
        LocalHttpRequest.Response again = post("{\"instance\":\"" + VM1 + "\",\"interval\":30}");
        assertEquals(200, again.getStatusCode());
        assertEquals("", again.text());
    }

    @Test
    void aFortiOs7HeartbeatIsParsedFaithfully() {
        post("{\"instance\":\"" + VM1 + "\",\"interval\":30,\"sequence\":0,\"time\":\"2026-01-01T00:00:00Z\","
                + "\"sync_time\":\"2026-01-01T00:00:00.5+01:00\",\"sync_fail_time\":null,\"sync_status\":false,"
                + "\"is_primary\":false}");
        HealthRecord r = cluster.record(vm(1)).orElseThrow();
        assertEquals(0L, r.sequence());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), r.deviceTime());
        assertEquals(Instant.parse("2025-12-31T23:00:00.5Z"), r.syncTime());
        assertEquals(Boolean.FALSE, r.syncStatus());
        assertEquals(Boolean.FALSE, r.isPrimary());
        assertEquals(null, r.checksum());
        assertEquals(Duration.ofSeconds(30), r.interval());
    }

    @Test
    void badHeartbeatsAre400WithAOneLineReasonAndWriteNothing() {
        Map<String, String> cases = Map.of(
                "", "body is empty",
                "[1,2]", "body is not a JSON object",
                "{\"instance\":", "body is not valid JSON",
                "{\"interval\":30}", "instance is missing",
                "{\"instance\":\"" + VM1 + "\"}", "interval is missing",
                "{\"instance\":\"" + VM1 + "\",\"interval\":0}", "interval must be a number of seconds from 1 to 3600",
                "{\"instance\":\"" + VM1 + "\",\"interval\":1e-12}", "interval must be a number of seconds from 1 to 3600",
                "{\"instance\":\"" + VM1 + "\",\"interval\":3601}", "interval must be a number of seconds from 1 to 3600",
                "{\"instance\":\"" + VM1 + "\",\"interval\":\"x\"}", "interval must be a number",
                "{\"instance\":\"not-a-vm\",\"interval\":30}", "instance is not a vmId (GUID)");
        cases.forEach((body, reason) -> {
            LocalHttpRequest.Response r = post(body);
            assertEquals(400, r.getStatusCode(), body);
            assertEquals(reason, r.text(), body);
        });
        assertTrue(cluster.healthRecords().readAll().isEmpty());
        assertTrue(cluster.primary().isEmpty());
    }

    @Test
    void oddOptionalFieldsAreIgnoredWithOneWarningEachAndTheHeartbeatIsTaken() {
        LocalHttpRequest.Response r = post("{\"instance\":\"" + VM1 + "\",\"interval\":\"30\",\"sequence\":1.5,"
                + "\"is_primary\":\"yes\",\"time\":\"yesterday\\n INFO forged\",\"checksum\":{\"a\":1},"
                + "\"sync_status\":1,\"sync_time\":\"\"}");

        assertEquals(200, r.getStatusCode(), r.text());
        HealthRecord rec = cluster.record(vm(1)).orElseThrow();
        assertEquals(null, rec.sequence());
        assertEquals(null, rec.isPrimary());
        assertEquals(null, rec.deviceTime());
        assertEquals(null, rec.checksum());
        assertEquals(Boolean.TRUE, rec.syncStatus(), "1 is true");
        assertEquals(null, rec.syncTime(), "an empty string is absent, without a warning");
        String log = ctx.log();
        for (String field : List.of("sequence", "is_primary", "time", "checksum")) {
            assertEquals(1, log.split("heartbeat field " + field + " ignored", -1).length - 1, field + ": " + log);
        }
        assertFalse(log.contains("heartbeat field sync_time"), log);
        assertTrue(log.contains("ignored (expected an ISO-8601 time or epoch seconds/milliseconds): \"yesterday\\u000a INFO forged\""),
                "the raw value, escaped: " + log);
    }

    @Test
    void aStatusMessageCarryingAnIntervalIsAStatusMessageNotAHeartbeat() {
        LocalHttpRequest.Response r = post("{\"instance\":\"" + VM1 + "\",\"interval\":30,\"status\":\"success\"}");

        assertEquals(200, r.getStatusCode());
        assertTrue(ctx.log().contains("op=status vm=" + VM1), ctx.log());
        assertTrue(cluster.record(vm(1)).isEmpty(), "no heartbeat was taken");
    }

    @Test
    void anEmptyStatusDoesNotMakeAHeartbeatAStatusMessage() {
        post("{\"instance\":\"" + VM1 + "\",\"interval\":30,\"status\":\"\"}");

        assertTrue(cluster.record(vm(1)).isPresent());
    }

    @Test
    void aBodyOver64KiBIs400() {
        String big = "{\"instance\":\"" + VM1 + "\",\"interval\":30,\"checksum\":\"" + "x".repeat(70_000) + "\"}";
        LocalHttpRequest.Response r = post(big);
        assertEquals(400, r.getStatusCode());
        assertEquals("body is larger than 64 KiB", r.text());
    }

    @Test
    void aHeartbeatFromAVmInNoScaleSetIs404() {
        LocalHttpRequest.Response r = post("{\"instance\":\"" + vm(9) + "\",\"interval\":30}");
        assertEquals(404, r.getStatusCode());
        assertTrue(cluster.healthRecords().readAll().isEmpty());
    }

    @Test
    void aStatusMessageIsLoggedAndAnswered200() {
        LocalHttpRequest.Response r = post("{\"instance\":\"" + VM1 + "\",\"status\":\"success\\nfake line\"}");
        assertEquals(200, r.getStatusCode());
        assertEquals("", r.text());
        assertTrue(ctx.log().contains("op=status vm=" + VM1), ctx.log());
        assertTrue(ctx.log().contains("status=\"success\\u000afake line\""), "one line: " + ctx.log());
    }

    @Test
    void aStatusMessageCannotForgeALogFieldOrLine() {
        // Setup: a quote that would end the field, then every kind of line break a log viewer honours
        String forged = "ok\" vm=" + vm(2) + " status=\"hijacked\r\n\u0085\u2028\u2029INFO cid=forged";
        com.google.gson.JsonObject body = new com.google.gson.JsonObject();
        body.addProperty("instance", VM1);
        body.addProperty("status", forged);

        // Invoke
        LocalHttpRequest.Response r = post(body.toString());

        // Verify: one record, one line, the status one field that ends where the line ends
        assertEquals(200, r.getStatusCode());
        String line = ctx.lines.stream().map(java.util.logging.LogRecord::getMessage)
                .filter(m -> m.contains("op=status")).findFirst().orElseThrow();
        assertFalse(line.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029), line);
        assertTrue(line.contains(" status=\"ok\\\" vm=" + vm(2) + " status=\\\"hijacked\\u000d\\u000a\\u0085\\u2028"
                + "\\u2029INFO cid=forged\" status=200"), line);
        long unescapedQuotes = line.replace("\\\\", "").replace("\\\"", "").chars().filter(c -> c == '"').count();
        assertEquals(4, unescapedQuotes, "only the quotes of group=\"…\" and status=\"…\": " + line);
    }

    @Test
    void anUnexpectedFailureIs500WithoutDetailsAndTheCauseIsLogged() {
        TestCluster broken = new TestCluster(List.of(byol(1)), Map.of(), new FailingRecords(
                new IllegalStateException("boom with a password=hunter2")), new com.fortinet.autoscale.adapter.memory.InMemoryElectionRecords());
        LocalHttpRequest.Response r = (LocalHttpRequest.Response) new FgtAsHandlerFunction(broken.app).run(HttpMocks.request(
                HttpMethod.POST, Map.of(), "{\"instance\":\"" + VM1 + "\",\"interval\":30}"), ctx.context);
        assertEquals(500, r.getStatusCode());
        assertEquals("internal error (correlation id " + ctx.invocationId + ")", r.text());
        assertFalse(r.text().contains("boom"));
        assertTrue(ctx.log().contains("IllegalStateException"), ctx.log());
        assertFalse(ctx.log().contains("\tat "), "no stack trace in the log");
    }

    @Test
    void anUnavailableStoreIs503WithRetryAfter() {
        TestCluster down = new TestCluster(List.of(byol(1)), Map.of(), new FailingRecords(
                new StoreUnavailableException("down", Duration.ofSeconds(7), null)),
                new com.fortinet.autoscale.adapter.memory.InMemoryElectionRecords());
        LocalHttpRequest.Response r = (LocalHttpRequest.Response) new FgtAsHandlerFunction(down.app).run(HttpMocks.request(
                HttpMethod.POST, Map.of(), "{\"instance\":\"" + VM1 + "\",\"interval\":30}"), ctx.context);
        assertEquals(503, r.getStatusCode());
        assertEquals("7", r.getHeader("Retry-After"));
    }

    /** Health records whose every call fails. */
    private record FailingRecords(RuntimeException failure) implements HealthRecords {
        @Override
        public Optional<Versioned<HealthRecord>> read(VmId vmId) {
            throw failure;
        }

        @Override
        public Versioned<HealthRecord> create(HealthRecord record) {
            throw failure;
        }

        @Override
        public Versioned<HealthRecord> replace(HealthRecord record, String expectedVersion) {
            throw failure;
        }

        @Override
        public List<Versioned<HealthRecord>> readAll() {
            throw failure;
        }

        @Override
        public boolean delete(VmId vmId) {
            throw failure;
        }
    }

    @Test
    void clusterStatusShowsThePrimaryAndEveryInstance() {
        post("{\"instance\":\"" + VM1 + "\",\"interval\":30}");
        post("{\"instance\":\"" + vm(2) + "\",\"interval\":30}");
        LocalHttpRequest.Response r = (LocalHttpRequest.Response) new ClusterStatusFunction(cluster.app)
                .run(HttpMocks.request(HttpMethod.GET, Map.of(), null), ctx.context);
        assertEquals(200, r.getStatusCode());
        com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(r.text()).getAsJsonObject();
        Primary p = cluster.primary().orElseThrow();
        assertEquals(p.vmId().value(), o.getAsJsonObject("primary").get("vmId").getAsString());
        assertEquals("10.0.1.1", o.getAsJsonObject("primary").get("privateIp").getAsString());
        assertEquals(1, o.getAsJsonObject("primary").get("term").getAsLong());
        assertEquals(2, o.getAsJsonArray("instances").size());
        com.google.gson.JsonObject first = o.getAsJsonArray("instances").get(0).getAsJsonObject();
        for (String field : List.of("vmId", "scalingGroup", "privateIp", "healthy", "syncState", "lossCount",
                "missed", "lastArrival")) {
            assertTrue(first.has(field), field);
        }
        assertEquals("in-sync", first.get("syncState").getAsString());
        Instant.parse(first.get("lastArrival").getAsString());
    }

    @Test
    void clusterStatusWithoutAPrimaryShowsNull() {
        LocalHttpRequest.Response r = (LocalHttpRequest.Response) new ClusterStatusFunction(cluster.app)
                .run(HttpMocks.request(HttpMethod.GET, Map.of(), null), ctx.context);
        assertTrue(r.text().contains("\"primary\":null"), r.text());
    }
}
