package com.fortinet.autoscale.functions;

import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.payg;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.memory.InMemoryLicenseStock;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.domain.StoreUnavailableException;
import com.fortinet.autoscale.domain.licensing.LicenseStock;
import com.fortinet.autoscale.local.LocalHttpRequest;
import com.fortinet.autoscale.support.HttpMocks;
import com.fortinet.autoscale.support.MutableClock;
import com.fortinet.autoscale.support.RecordingNotifier;
import com.microsoft.azure.functions.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByolLicenseFunctionTest {
    private static final String LICENSE = "-----BEGIN FGT VM LICENSE-----\nQAAAAB1\n-----END FGT VM LICENSE-----\n";

    private final InMemoryLicenseStock stock = new InMemoryLicenseStock();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final HttpMocks.Context ctx = new HttpMocks.Context();

    private App app(LicenseStock licenseStock) {
        return App.builder(AppSettings.of(Map.of()))
                .clock(MutableClock.at("2026-01-01T00:00:00Z"))
                .scaleSets(new StaticScaleSets(List.of(byol(1), byol(2), payg(3))))
                .licenseStock(licenseStock)
                .notifier(notifier)
                .settingsTtl(Duration.ofDays(1))
                .build();
    }

    private LocalHttpRequest.Response get(App app, Map<String, String> headers) {
        return (LocalHttpRequest.Response) new ByolLicenseFunction(app)
                .run(HttpMocks.request(HttpMethod.GET, headers, null), ctx.context);
    }

    private LocalHttpRequest.Response ask(App app, int vm) {
        return get(app, Map.of("Fos-instance-id", vm(vm).value()));
    }

    @Test
    void aBYOLFortiGateGetsTheLicenseFileAsPlainText() {
        stock.put("FGVM01.lic", LICENSE);

        LocalHttpRequest.Response r = ask(app(stock), 1);

        assertEquals(200, r.getStatusCode());
        assertTrue(r.getHeader("Content-Type").startsWith("text/plain"));
        assertEquals(LICENSE, r.text());
        assertTrue(ctx.log().contains("cid=" + ctx.invocationId), "logged with the correlation id");
        assertFalse(ctx.log().contains("QAAAAB1"), "the license content is never logged");
    }

    @Test
    void theSameFortiGateGetsTheSameLicenseAgain() {
        stock.put("a.lic", LICENSE).put("b.lic", LICENSE.replace("QAAAAB1", "QAAAAB2"));
        App app = app(stock);

        String first = ask(app, 1).text();
        String second = get(app, Map.of("fos-instance-id", vm(1).value().toUpperCase())).text();

        assertEquals(first, second);
    }

    @Test
    void noneFreeIs200WithAnEmptyBodyAndAnOutOfStockNotification() {
        stock.put("a.lic", LICENSE);
        App app = app(stock);
        ask(app, 1);

        LocalHttpRequest.Response r = ask(app, 2);

        assertEquals(200, r.getStatusCode());
        assertNull(r.getBody(), "an empty body");
        assertEquals(1, notifier.of(Notification.Type.LICENSE_OUT_OF_STOCK).size());
        assertTrue(ctx.log().contains("result=none-free"));
    }

    @Test
    void aMissingInstanceHeaderIs400WithAOneLineReason() {
        LocalHttpRequest.Response r = get(app(stock), Map.of());

        assertEquals(400, r.getStatusCode());
        assertEquals("missing Fos-instance-id header", r.text());
        assertTrue(ctx.log().contains("cid=" + ctx.invocationId));
    }

    @Test
    void aMalformedInstanceIdIs400() {
        LocalHttpRequest.Response r = get(app(stock), Map.of("Fos-instance-id", "../../etc/passwd"));

        assertEquals(400, r.getStatusCode());
        assertEquals("Fos-instance-id is not a vmId (GUID)", r.text());
    }

    @Test
    void aVmIdInNoScaleSetIs404() {
        stock.put("a.lic", LICENSE);

        LocalHttpRequest.Response r = ask(app(stock), 9);

        assertEquals(404, r.getStatusCode());
        assertEquals("vmId " + vm(9) + " is in no managed scale set", r.text());
    }

    @Test
    void aPaygFortiGateIs409WithTheReasonAndConsumesNoLicense() {
        stock.put("a.lic", LICENSE);
        App app = app(stock);

        LocalHttpRequest.Response r = ask(app, 3);

        assertEquals(409, r.getStatusCode());
        assertTrue(r.text().contains("PAYG scale set payg"), r.text());
        assertFalse(r.text().contains("\n"), "one line");
        assertTrue(notifier.all().isEmpty(), "no out-of-stock alarm");
        assertEquals(LICENSE, ask(app, 1).text(), "the license is still free for a BYOL FortiGate");
    }

    @Test
    void anUnavailableStoreIs503WithRetryAfter() {
        LocalHttpRequest.Response r = ask(app(new FailingStock(
                new StoreUnavailableException("asset storage answered 503", Duration.ofSeconds(10), null))), 1);

        assertEquals(503, r.getStatusCode());
        assertEquals("10", r.getHeader("Retry-After"));
        assertEquals("state store unavailable, retry later", r.text());
    }

    @Test
    void anUnexpectedFailureIs500WithoutDetailsForTheCaller() {
        LocalHttpRequest.Response r = ask(app(new FailingStock(
                new IllegalStateException("asset storage answered 403 AuthorizationPermissionMismatch"))), 1);

        assertEquals(500, r.getStatusCode());
        assertEquals("internal error (correlation id " + ctx.invocationId + ")", r.text());
        assertFalse(r.text().contains("403"), "no internals in the body");
        assertTrue(ctx.log().contains("AuthorizationPermissionMismatch"), "the cause is in the log");
    }

    /** A stock whose every call fails. */
    private record FailingStock(RuntimeException failure) implements LicenseStock {
        @Override
        public List<Entry> list() {
            throw failure;
        }

        @Override
        public Optional<File> download(String name) {
            throw failure;
        }
    }
}
