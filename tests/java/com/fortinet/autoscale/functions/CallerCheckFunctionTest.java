package com.fortinet.autoscale.functions;

import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.local.LocalHttpRequest;
import com.fortinet.autoscale.support.HttpMocks;
import com.fortinet.autoscale.support.TestCluster;
import com.microsoft.azure.functions.HttpMethod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * With {@code verify-caller-ip} on, bootstrap, heartbeat, status message and BYOL license are served only to the
 * member the request names, told by the addresses in {@code X-Forwarded-For}; Event Grid is not address-checked.
 */
class CallerCheckFunctionTest {
    private static final String VM1 = vm(1).value();
    /** vm 1: 10.0.1.1 on port1, 10.0.2.1 on port2, and an IPv6 address; vm 2: 10.0.1.2. */
    private static final Member M1 = new Member(vm(1), "byol", Member.Licensing.BYOL, "1", "10.0.1.1",
            List.of(new Member.NetworkInterface(0, List.of("10.0.1.1", "fd00::1"), null),
                    new Member.NetworkInterface(1, List.of("10.0.2.1"), null)));
    private final TestCluster cluster = new TestCluster(List.of(M1, byol(2)), Map.of("verify-caller-ip", "true"));
    private final HttpMocks.Context ctx = new HttpMocks.Context();

    private LocalHttpRequest.Response call(HttpMethod method, String xff, Map<String, String> more, String body) {
        Map<String, String> headers = new HashMap<>(more);
        if (xff != null) {
            headers.put("X-Forwarded-For", xff);
        }
        return (LocalHttpRequest.Response) new FgtAsHandlerFunction(cluster.app)
                .run(HttpMocks.request(method, headers, body), ctx.context);
    }

    private LocalHttpRequest.Response heartbeat(String vmId, String xff) {
        return call(HttpMethod.POST, xff, Map.of(), "{\"instance\":\"" + vmId + "\",\"interval\":30}");
    }

    private LocalHttpRequest.Response bootstrap(String vmId, String xff) {
        return call(HttpMethod.GET, xff, Map.of("Fos-instance-id", vmId), null);
    }

    private void assertNothingWritten() {
        assertTrue(cluster.healthRecords().readAll().isEmpty(), "no health record");
        assertTrue(cluster.primary().isEmpty(), "no election");
    }

    @Test
    void aForgedVmIdFromAnotherMembersAddressIsRefused403AndNothingIsWritten() {
        // Invoke: vm 2 (10.0.1.2) sends a heartbeat in vm 1's name
        LocalHttpRequest.Response r = heartbeat(VM1, "10.0.1.2:50123");

        // Verify
        assertEquals(403, r.getStatusCode());
        assertEquals("the caller's address is not a private IP of vmId " + VM1 + ": a FortiGate speaks only for itself",
                r.text());
        assertNothingWritten();
        assertTrue(ctx.lines.stream().anyMatch(l -> l.getLevel() == Level.WARNING && l.getMessage().contains("cid=")
                && l.getMessage().contains("op=caller-mismatch vm=" + VM1)
                && l.getMessage().contains("addresses=\"10.0.1.2:50123\"")), ctx.log());
        List<Notification> sent = cluster.notifier.of(Notification.Type.CALLER_MISMATCH);
        assertEquals(1, sent.size());
        assertEquals(VM1, sent.get(0).subject());
    }

    @Test
    void aForgedBootstrapFromANonMemberGetsOneFortiOsCommentLineAndNoConfig() {
        // Invoke
        LocalHttpRequest.Response r = bootstrap(VM1, "192.0.2.77:40000");

        // Verify: FortiOS may run what it gets: a single comment line, no PSK
        assertEquals(403, r.getStatusCode());
        assertTrue(r.text().startsWith("# autoscale: the caller's address is not a private IP of vmId " + VM1), r.text());
        assertEquals(1, r.text().lines().count());
        assertTrue(r.text().endsWith("\n"));
        assertFalse(r.text().contains("s3cret-psk"));
        assertFalse(ctx.log().contains("s3cret-psk"));
    }

    @Test
    void theMemberItselfIsServedFromAnyOfItsNics() {
        assertEquals(200, bootstrap(VM1, "10.0.1.1:40000").getStatusCode());
        assertEquals(200, heartbeat(VM1, "10.0.2.1:40001").getStatusCode());
        assertTrue(cluster.record(vm(1)).isPresent());
    }

    @Test
    void severalForwardedForEntriesMustAllBeTheMembers() {
        // a forged first entry in front of the real peer that the front end appended
        assertEquals(403, heartbeat(VM1, "10.0.1.1, 10.0.1.2:50123").getStatusCode());
        // a proxy between the FortiGate and the app (the check must then be off)
        assertEquals(403, heartbeat(VM1, "10.0.1.1:50123, 203.0.113.9:443").getStatusCode());
        assertNothingWritten();
        // both entries the member's own
        assertEquals(200, heartbeat(VM1, "10.0.2.1, 10.0.1.1:50123").getStatusCode());
    }

    @Test
    void ipv6AndIpv4MappedAddressesAreRead() {
        assertEquals(200, heartbeat(VM1, "[FD00:0::1]:443").getStatusCode());
        assertEquals(200, heartbeat(VM1, "[::ffff:10.0.1.1]:50000").getStatusCode());
        assertEquals(200, heartbeat(VM1, "::ffff:10.0.2.1").getStatusCode());
        assertEquals(403, heartbeat(VM1, "[fd00::2]:443").getStatusCode());
        assertEquals(403, heartbeat(VM1, "::ffff:10.0.1.2").getStatusCode());
    }

    @Test
    void noForwardedForIsRefusedWhileTheCheckIsOn() {
        LocalHttpRequest.Response r = heartbeat(VM1, null);

        assertEquals(403, r.getStatusCode());
        assertTrue(r.text().startsWith("no caller address reported (X-Forwarded-For)"), r.text());
        assertNothingWritten();
    }

    @Test
    void aStatusMessageInAnotherMembersNameIsRefused() {
        LocalHttpRequest.Response r = call(HttpMethod.POST, "10.0.1.2", Map.of(),
                "{\"instance\":\"" + VM1 + "\",\"status\":\"rebooting\"}");

        assertEquals(403, r.getStatusCode());
        assertFalse(ctx.log().contains("op=status"), "not logged as vm 1's status");
    }

    @Test
    void aLicenseForAnotherMemberIsRefusedAndNoneIsClaimed() {
        // Invoke
        LocalHttpRequest.Response r = (LocalHttpRequest.Response) new ByolLicenseFunction(cluster.app).run(HttpMocks.request(
                HttpMethod.GET, Map.of("Fos-instance-id", VM1, "X-Forwarded-For", "10.0.1.2:40000"), null), ctx.context);

        // Verify
        assertEquals(403, r.getStatusCode());
        assertTrue(cluster.licenseUsage.readAll().isEmpty(), "no license claimed");
    }

    @Test
    void eventGridDeliveriesAreNotAddressChecked() {
        // Invoke: a subscription validation from Event Grid's own address, no member's
        LocalHttpRequest.Response r = call(HttpMethod.POST, "52.1.2.3:443", Map.of("aeg-event-type", "SubscriptionValidation"),
                "[{\"id\":\"1\",\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\","
                        + "\"data\":{\"validationCode\":\"abc\"}}]");

        // Verify
        assertEquals(200, r.getStatusCode());
        assertTrue(r.text().contains("abc"));
    }

    @Test
    void withTheCheckOffAnyAddressIsServedAsBefore() {
        cluster.settingsStore.put("verify-caller-ip", "false");
        cluster.clock.advance(java.time.Duration.ofDays(2)); // past the settings cache

        assertEquals(200, heartbeat(VM1, "192.0.2.77").getStatusCode());
        assertEquals(200, heartbeat(VM1, null).getStatusCode());
    }
}
