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
