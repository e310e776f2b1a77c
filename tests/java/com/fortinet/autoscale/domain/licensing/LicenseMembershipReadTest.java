package com.fortinet.autoscale.domain.licensing;

import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fortinet.autoscale.adapter.memory.InMemoryLicenseStock;
import com.fortinet.autoscale.adapter.memory.InMemoryLicenseUsage;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.support.MutableClock;
import com.fortinet.autoscale.support.RecordingNotifier;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 5: {@code byol-license} uses the cached membership and confirms each holder with
 * {@code find()}; it never lists the scale sets (a fresh ARM read) per request.
 */
class LicenseMembershipReadTest {
    private final StaticScaleSets members = new StaticScaleSets(List.of(byol(1), byol(2), byol(3)));
    private final AtomicInteger listings = new AtomicInteger();
    private final ScaleSets counted = new ScaleSets() {
        @Override
        public Optional<Member> find(VmId vmId) {
            return members.find(vmId);
        }

        @Override
        public List<Member> members() {
            listings.incrementAndGet();
            return members.members();
        }

        @Override
        public void terminate(Member member) {
            members.terminate(member);
        }
    };

    @Test
    void aLicenseRequestConfirmsHoldersFromTheCacheWithoutListingTheScaleSets() {
        InMemoryLicenseStock stock = new InMemoryLicenseStock().put("a.lic", "LICENSE A").put("b.lic", "LICENSE B");
        InMemoryLicenseUsage usage = new InMemoryLicenseUsage();
        LicenseService service = new LicenseService(stock, usage, counted, MutableClock.at("2026-01-01T00:00:00Z"),
                new RecordingNotifier());

        LicenseService.Result first = service.acquire(vm(1), "c1");
        LicenseService.Result second = service.acquire(vm(2), "c2");
        members.remove(vm(1)); // scaled in: its license is free for the next FortiGate
        LicenseService.Result third = service.acquire(vm(3), "c3");

        assertInstanceOf(LicenseService.Granted.class, first);
        assertInstanceOf(LicenseService.Granted.class, second);
        assertEquals(((LicenseService.Granted) first).assignment().licenseSha256(),
                ((LicenseService.Granted) third).assignment().licenseSha256(), "the departed holder's license");
        assertEquals(0, listings.get(), "no scale-set listing per license request");
    }
}
