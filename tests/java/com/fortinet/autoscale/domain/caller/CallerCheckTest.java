package com.fortinet.autoscale.domain.caller;

import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.UnknownInstanceException;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.support.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule of {@link CallerCheck}: every reported address is one of the member's private IPs. */
class CallerCheckTest {
    private static final Member TWO_NICS = new Member(vm(1), "byol", Member.Licensing.BYOL, "1", "10.0.1.4",
            List.of(new Member.NetworkInterface(0, List.of("10.0.1.4"), null),
                    new Member.NetworkInterface(1, List.of("10.0.2.4", "10.0.2.40"), null)));
    private static final Member OTHER = new Member(vm(2), "byol", Member.Licensing.BYOL, "2", "10.0.1.5");
    private final TestCluster cluster = new TestCluster(List.of(TWO_NICS, OTHER), Map.of("verify-caller-ip", "true"));
    private final CallerCheck check = cluster.app.callers();

    @Test
    void anyNicOfTheMemberMaySpeakForIt() {
        for (String address : List.of("10.0.1.4:1000", "10.0.2.4", "10.0.2.40:8443", "::ffff:10.0.2.4")) {
            assertInstanceOf(CallerCheck.Allowed.class, check.verify(vm(1), List.of(address), "cid"), address);
        }
    }

    @Test
    void anotherMembersAddressANonMembersAndNoneAtAllAreMismatches() {
        for (List<String> reported : List.of(List.of("10.0.1.5:1000"), List.of("192.0.2.9"), List.<String>of(),
                List.of("not-an-address"))) {
            CallerCheck.Verdict v = check.verify(vm(1), reported, "cid");
            assertInstanceOf(CallerCheck.Mismatch.class, v, reported.toString());
            assertTrue(((CallerCheck.Mismatch) v).reason().contains(vm(1).value()));
        }
    }

    @Test
    void aForgedEntryInFrontOfTheRealAddressDoesNotMakeTheCallerAnotherMember() {
        // the member 10.0.1.5 writes the victim's address first; the front end adds the real peer after it
        assertInstanceOf(CallerCheck.Mismatch.class, check.verify(vm(1), List.of("10.0.1.4", "10.0.1.5:5000"), "cid"));
        assertInstanceOf(CallerCheck.Allowed.class, check.verify(vm(1), List.of("10.0.1.4", "10.0.2.4:5000"), "cid"),
                "every entry the member's own");
    }

    @Test
    void theNotificationIsRateLimitedPerVmId() {
        // Invoke: three mismatches for vm 1 within five minutes, one for vm 2
        check.verify(vm(1), List.of("192.0.2.9"), "c1");
        cluster.clock.advance(Duration.ofMinutes(4));
        check.verify(vm(1), List.of("192.0.2.9"), "c2");
        check.verify(vm(2), List.of("192.0.2.9"), "c3");
        cluster.clock.advance(Duration.ofMinutes(1));
        check.verify(vm(1), List.of("192.0.2.10"), "c4");

        // Verify
        List<Notification> sent = cluster.notifier.of(Notification.Type.CALLER_MISMATCH);
        assertEquals(List.of("c1", "c3", "c4"), sent.stream().map(Notification::correlationId).toList());
        assertEquals(vm(1).value(), sent.get(0).subject());
        assertEquals(List.of("192.0.2.9"), sent.get(0).details().get("callerAddresses"));
        assertEquals(List.of("10.0.1.4", "10.0.2.4", "10.0.2.40"), sent.get(0).details().get("memberPrivateIps"));
    }

    @Test
    void offItAllowsEverythingWithoutALookup() {
        TestCluster off = new TestCluster(List.of(), Map.of());

        assertInstanceOf(CallerCheck.Allowed.class, off.app.callers().verify(vm(9), List.of(), "cid"));
        assertEquals(List.of(), off.notifier.all());
    }

    @Test
    void onAnUnknownVmIdIsTheUsual404() {
        assertThrows(UnknownInstanceException.class, () -> check.verify(vm(9), List.of("10.0.1.4"), "cid"));
    }
}
