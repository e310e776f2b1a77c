package com.fortinet.autoscale.functions;

import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.local.LocalHttpRequest;
import com.fortinet.autoscale.support.HttpMocks;
import com.fortinet.autoscale.support.TestCluster;
import com.microsoft.azure.functions.HttpMethod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 8 and issue 12 item 8: a bad autoscale setting cannot take the cluster down. The last good
 * settings stay in force; with none, device endpoints answer 503 naming the key and {@code cluster-status}
 * answers 200 with the problem listed.
 */
class BadSettingsTest {
    private final TestCluster cluster = new TestCluster(List.of(byol(1), byol(2)), Map.of());
    private final HttpMocks.Context ctx = new HttpMocks.Context();

    private LocalHttpRequest.Response heartbeat(int n) {
        return (LocalHttpRequest.Response) new FgtAsHandlerFunction(cluster.app).run(HttpMocks.request(HttpMethod.POST,
                Map.of(), "{\"instance\":\"" + vm(n).value() + "\",\"interval\":30}"), ctx.context);
    }

    private LocalHttpRequest.Response bootstrap(int n) {
        return (LocalHttpRequest.Response) new FgtAsHandlerFunction(cluster.app).run(HttpMocks.request(HttpMethod.GET,
                Map.of("Fos-instance-id", vm(n).value()), null), ctx.context);
    }

    private LocalHttpRequest.Response status() {
        return (LocalHttpRequest.Response) new ClusterStatusFunction(cluster.app)
                .run(HttpMocks.request(HttpMethod.GET, Map.of(), null), ctx.context);
    }

    private void badEdit() {
        cluster.settingsStore.put("heartbeat-loss-count", "1e3");
        cluster.settings.invalidate();
    }

    @Test
    void withNoGoodSettingsDevicesGet503NamingTheKeyAndClusterStatusAnswers() {
        badEdit();

        LocalHttpRequest.Response hb = heartbeat(1);
        assertEquals(503, hb.getStatusCode());
        assertTrue(hb.text().contains("heartbeat-loss-count"), hb.text());
        assertEquals("60", hb.getHeader("Retry-After"));
        LocalHttpRequest.Response cfg = bootstrap(1);
        assertEquals(503, cfg.getStatusCode());
        assertTrue(cfg.text().startsWith("# autoscale: ") && cfg.text().contains("heartbeat-loss-count")
                && cfg.text().indexOf('\n') == cfg.text().length() - 1, cfg.text());

        LocalHttpRequest.Response st = status();
        assertEquals(200, st.getStatusCode());
        assertTrue(st.text().contains("\"problems\":[\"heartbeat-loss-count"), st.text());
        assertTrue(ctx.log().contains("cid="), ctx.log());
        assertFalse(ctx.log().contains("s3cret-psk"));
        assertTrue(cluster.record(vm(1)).isEmpty(), "state untouched");
    }

    @Test
    void aBadEditKeepsTheLastGoodSettingsInForce() {
        assertEquals(200, heartbeat(1).getStatusCode());
        cluster.clock.advanceSeconds(1);
        badEdit();

        assertEquals(200, heartbeat(2).getStatusCode(), "devices are served under the last good settings");
        assertEquals(200, bootstrap(2).getStatusCode());
        assertEquals(10, cluster.settings.current().heartbeatLossCount());
        LocalHttpRequest.Response st = status();
        assertEquals(200, st.getStatusCode());
        assertTrue(st.text().contains("heartbeat-loss-count"), st.text());
    }
}
