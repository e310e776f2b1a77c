package com.fortinet.autoscale.functions;

import static com.fortinet.autoscale.support.Fixtures.beat;
import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.licensing.LicenseAssignment;
import com.fortinet.autoscale.local.LocalHttpRequest;
import com.fortinet.autoscale.support.HttpMocks;
import com.fortinet.autoscale.support.TestCluster;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.functions.HttpMethod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cluster-status}: the primary, the FortiGates and the election and health history (issue 14 item 4). */
class ClusterStatusFunctionTest {
    private final TestCluster cluster = new TestCluster(List.of(byol(1), byol(2)), Map.of());
    private final HttpMocks.Context ctx = new HttpMocks.Context();

    private LocalHttpRequest.Response status(Map<String, String> query) {
        return (LocalHttpRequest.Response) new ClusterStatusFunction(cluster.app)
                .run(HttpMocks.request(HttpMethod.GET, Map.of(), query, null), ctx.context);
    }

    private JsonObject statusJson(Map<String, String> query) {
        LocalHttpRequest.Response r = status(query);
        assertEquals(200, r.getStatusCode(), r.text());
        assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
        return JsonParser.parseString(r.text()).getAsJsonObject();
    }

    /** 1111 is elected, falls silent; 2222 keeps beating and is elected in its place. */
    private java.time.Instant failover() {
        cluster.beat(beat(1, 30));
        cluster.beat(beat(2, 30));
        for (int i = 0; i < 10 && !cluster.primary().orElseThrow().vmId().equals(vm(2)); i++) {
            cluster.clock.advanceSeconds(30);
            cluster.beat(beat(2, 30));
        }
        assertEquals(vm(2), cluster.primary().orElseThrow().vmId(), "the failover happened");
        return cluster.clock.instant();
    }

    @Test
    void afterAFailoverTheHistoryShowsTheElectionWithThePreviousPrimaryTermCriteriaAndScore() {
        // Setup
        java.time.Instant electedAt = failover();
        cluster.clock.advanceSeconds(30);

        // Invoke
        JsonObject o = statusJson(Map.of());

        // Verify
        assertEquals(vm(2).value(), o.getAsJsonObject("primary").get("vmId").getAsString());
        JsonArray events = o.getAsJsonArray("events");
        JsonObject newest = events.get(0).getAsJsonObject();
        assertEquals("primary-elected", newest.get("event").getAsString());
        assertEquals(vm(2).value(), newest.get("subject").getAsString(), "the winner");
        JsonObject d = newest.getAsJsonObject("details");
        assertEquals(vm(1).value(), d.get("previous").getAsString());
        assertEquals(2, d.get("term").getAsInt());
        assertFalse(d.get("criteria").getAsString().isBlank());
        assertTrue(d.has("score"));
        assertEquals(electedAt.toString(), newest.get("time").getAsString());
        assertTrue(events.asList().stream().anyMatch(e -> e.getAsJsonObject().get("event").getAsString()
                .equals("primary-elected") && !e.getAsJsonObject().getAsJsonObject("details").has("previous")),
                "the first election, which had no previous primary, is further down");
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i - 1).getAsJsonObject().get("time").getAsString()
                    .compareTo(events.get(i).getAsJsonObject().get("time").getAsString()) >= 0, "newest first");
        }
    }

    @Test
    void eventsSaysHowManyAndZeroShowsNone() {
        failover();
        int all = statusJson(Map.of()).getAsJsonArray("events").size();
        assertTrue(all >= 2, "two elections at least: " + all);

        assertEquals(1, statusJson(Map.of("events", "1")).getAsJsonArray("events").size());
        assertEquals(0, statusJson(Map.of("events", "0")).getAsJsonArray("events").size());
        assertEquals(all, statusJson(Map.of("events", "500")).getAsJsonArray("events").size());
    }

    @Test
    void aBadEventsCountIs400WithAOneLineReasonAndTheCid() {
        for (String bad : List.of("-1", "501", "abc", "1e3", "", "99999999999")) {
            LocalHttpRequest.Response r = status(Map.of("events", bad));
            assertEquals(400, r.getStatusCode(), bad);
            assertEquals("events must be a whole number from 0 to 500", r.text());
            assertEquals(ctx.invocationId, r.getHeader("x-correlation-id"));
        }
        assertTrue(ctx.log().contains("cid=" + ctx.invocationId), ctx.log());
    }

    @Test
    void aBrowserGetsOneSelfContainedPageWithThePrimaryTheFortiGatesAndTheElection() {
        // Setup
        failover();

        // Invoke
        LocalHttpRequest.Response r = (LocalHttpRequest.Response) new ClusterStatusFunction(cluster.app).run(HttpMocks.request(
                HttpMethod.GET, Map.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"), Map.of(), null),
                ctx.context);

        // Verify
        assertEquals(200, r.getStatusCode());
        assertEquals("text/html; charset=utf-8", r.getHeader("Content-Type"));
        assertTrue(r.getHeader("Content-Security-Policy").startsWith("default-src 'none'"), "nothing from elsewhere");
        String page = r.text();
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertTrue(page.contains("<meta http-equiv=\"refresh\""), "refreshes itself");
        assertTrue(page.contains("<code id=\"primary-vm\">" + vm(2).value() + "</code>"), page);
        assertTrue(page.contains("term <b id=\"term\">2</b>"), page);
        assertTrue(page.contains("<tr class=\"primary\" data-vm=\"" + vm(2).value() + "\">"), page);
        assertTrue(page.contains("<tr data-event=\"primary-elected\">"), page);
        assertTrue(page.contains("previous=" + vm(1).value()), page);
        String oldPrimaryRow = page.substring(page.indexOf("data-vm=\"" + vm(1).value() + "\""));
        oldPrimaryRow = oldPrimaryRow.substring(0, oldPrimaryRow.indexOf("</tr>"));
        assertTrue(oldPrimaryRow.contains(">lost<"), "the silent old primary is shown lost, not healthy: " + oldPrimaryRow);
        assertFalse(page.contains("<script"), "no script");
        assertFalse(page.contains("http://") || page.contains("https://") || page.contains("//cdn"), "no link out");
    }

    @Test
    void whatDevicesAndSettingsSayIsEscapedOnThePage() {
        cluster.beat(beat(1, 30));
        cluster.app.notifier().publish(new com.fortinet.autoscale.domain.notification.Notification(
                com.fortinet.autoscale.domain.notification.Notification.Type.BOOTSTRAP_FAILED, "<b>x</b>",
                "<script>alert(1)</script>", Map.of("reason", "\"><img src=x onerror=alert(1)>"),
                cluster.clock.instant(), "cid"));

        String page = ((LocalHttpRequest.Response) new ClusterStatusFunction(cluster.app).run(HttpMocks.request(
                HttpMethod.GET, Map.of("Accept", "text/html"), Map.of(), null), ctx.context)).text();

        assertFalse(page.contains("<script>"), page);
        assertFalse(page.contains("<img"), page);
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page);
        assertTrue(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), page);
    }

    @Test
    void everyOtherCallerStillGetsJson() {
        cluster.beat(beat(1, 30));
        for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Accept", "*/*"),
                Map.of("Accept", "application/json"), Map.of("Accept", "application/json, text/html"))) {
            LocalHttpRequest.Response r = (LocalHttpRequest.Response) new ClusterStatusFunction(cluster.app).run(
                    HttpMocks.request(HttpMethod.GET, headers, Map.of(), null), ctx.context);
            assertTrue(r.getHeader("Content-Type").startsWith("application/json"), headers.toString());
            JsonParser.parseString(r.text()).getAsJsonObject();
        }
    }

    @Test
    void eachFortiGateShowsTheLicenseItHolds() {
        cluster.beat(beat(1, 30));
        cluster.beat(beat(2, 30));
        cluster.licenseUsage.create(new LicenseAssignment("a".repeat(64), "FGVM01.lic", vm(1), "byol",
                cluster.clock.instant()));

        JsonArray instances = statusJson(Map.of()).getAsJsonArray("instances");

        assertEquals("FGVM01.lic", instances.get(0).getAsJsonObject().get("license").getAsString());
        assertTrue(instances.get(1).getAsJsonObject().get("license").isJsonNull(), "none held: " + instances.get(1));
    }
}
