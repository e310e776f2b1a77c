package com.fortinet.autoscale.domain.licensing;

import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.UnknownInstanceException;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.notification.Notification;

import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.payg;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.memory.InMemoryLicenseStock;
import com.fortinet.autoscale.adapter.memory.InMemoryLicenseUsage;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.support.MutableClock;
import com.fortinet.autoscale.support.RecordingNotifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LicenseServiceTest {
    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    private final InMemoryLicenseStock files = new InMemoryLicenseStock();
    private final CountingStock stock = new CountingStock(files);
    private final InMemoryLicenseUsage usage = new InMemoryLicenseUsage();
    private final StaticScaleSets scaleSets = new StaticScaleSets(List.of(byol(1), byol(2), byol(3), payg(4)));
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final LicenseService service = new LicenseService(stock, usage, scaleSets, clock, notifier);
    private final List<LogRecord> log = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (log) {
                log.add(r);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger(LicenseService.class.getName()).addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger(LicenseService.class.getName()).removeHandler(capture);
    }

    private static String license(int n) {
        return "-----BEGIN FGT VM LICENSE-----\nLICENSE-" + n + "\n-----END FGT VM LICENSE-----\n";
    }

    private LicenseService.Granted granted(int vm) {
        return assertInstanceOf(LicenseService.Granted.class, service.acquire(vm(vm), "test"));
    }

    @Test
    void aFortiGateGetsALicenseAndTheSameOneOnEveryLaterRequest() {
        files.put("a.lic", license(1)).put("b.lic", license(2)).put("c.lic", license(3));

        LicenseService.Granted first = granted(1);
        LicenseService.Granted second = granted(1);
        LicenseService.Granted third = granted(1);

        assertTrue(first.content().contains("LICENSE-"));
        assertEquals(first.content(), second.content());
        assertEquals(first.content(), third.content());
        assertTrue(second.again() && third.again(), "the later answers are marked as repeats");
        assertEquals(1, usage.readAll().size(), "one usage record, keyed by the license");
        assertEquals(HashedStock.sha256(first.content().getBytes(StandardCharsets.UTF_8)),
                usage.readAll().get(0).value().licenseSha256());
        assertEquals(vm(1), usage.readAll().get(0).value().vmId());
        assertEquals("byol", usage.readAll().get(0).value().scalingGroup());
    }

    @Test
    void twoFortiGatesGetDifferentLicenses() {
        files.put("a.lic", license(1)).put("b.lic", license(2));

        String one = granted(1).content();
        String two = granted(2).content();

        assertNotEquals(one, two);
    }

    @Test
    void twoFilesWithTheSameContentAreOneLicense() {
        files.put("a.lic", license(1)).put("copy-of-a.lic", license(1));

        granted(1);
        LicenseService.Result second = service.acquire(vm(2), "test");

        assertInstanceOf(LicenseService.NoneFree.class, second, "the copy is the same license, held already");
    }

    @Test
    void noneFreeIsAnEmptyResultAnErrorLineAndAnOutOfStockNotification() {
        files.put("a.lic", license(1));
        granted(1);

        LicenseService.Result r = service.acquire(vm(2), "cid-7");

        LicenseService.NoneFree none = assertInstanceOf(LicenseService.NoneFree.class, r);
        assertEquals(1, none.filesInStock());
        assertEquals(1, none.held());
        List<Notification> sent = notifier.of(Notification.Type.LICENSE_OUT_OF_STOCK);
        assertEquals(1, sent.size());
        assertEquals(vm(2).value(), sent.get(0).subject());
        assertEquals("cid-7", sent.get(0).correlationId());
        assertTrue(log.stream().anyMatch(l -> l.getLevel() == Level.SEVERE && l.getParameters() != null
                && "cid-7".equals(l.getParameters()[0])), "an error line with the correlation id");
    }

    @Test
    void anEmptyStockIsNoneFree() {
        assertInstanceOf(LicenseService.NoneFree.class, service.acquire(vm(1), "test"));
        assertEquals(1, notifier.of(Notification.Type.LICENSE_OUT_OF_STOCK).size());
    }

    @Test
    void aVmIdInNoScaleSetIsUnknownAndGetsNothing() {
        files.put("a.lic", license(1));

        UnknownInstanceException e = assertThrows(UnknownInstanceException.class,
                () -> service.acquire(vm(99), "test"));

        assertEquals(vm(99), e.vmId());
        assertTrue(usage.readAll().isEmpty());
        assertEquals(0, stock.downloads.get());
    }

    @Test
    void aPaygFortiGateGetsNoBYOLLicenseAndConsumesNone() {
        files.put("a.lic", license(1));

        LicenseService.Result r = service.acquire(vm(4), "test");

        LicenseService.NotByol refused = assertInstanceOf(LicenseService.NotByol.class, r);
        assertEquals("payg", refused.member().scaleSet());
        assertTrue(usage.readAll().isEmpty(), "nothing claimed");
        assertTrue(notifier.all().isEmpty(), "not an out-of-stock event");
        assertEquals(license(1), granted(1).content(), "the license is still there for a BYOL FortiGate");
    }

    @Test
    void theLicenseOfAnInstanceGoneFromTheScaleSetsGoesToTheNextAsker() {
        files.put("only.lic", license(1));
        String held = granted(1).content();
        assertInstanceOf(LicenseService.NoneFree.class, service.acquire(vm(2), "test"));

        scaleSets.remove(vm(1)); // scaled in
        LicenseService.Granted next = granted(2);

        assertEquals(held, next.content());
        assertEquals(vm(2), usage.readAll().get(0).value().vmId());
        assertEquals(1, usage.readAll().size());
    }

    @Test
    void aLiveHolderKeepsItsLicense() {
        files.put("only.lic", license(1));
        granted(1);

        for (int i = 0; i < 3; i++) {
            assertInstanceOf(LicenseService.NoneFree.class, service.acquire(vm(2), "test"));
        }

        assertEquals(vm(1), usage.readAll().get(0).value().vmId());
    }

    @Test
    void releaseFreesWhatTheVmHolds() {
        files.put("a.lic", license(1)).put("b.lic", license(2));
        granted(1);
        granted(2);

        int released = service.release(vm(1), "test");

        assertEquals(1, released);
        assertEquals(List.of(vm(2)), usage.readAll().stream().map(v -> v.value().vmId()).toList());
        assertEquals(0, service.release(vm(1), "test"), "releasing twice is harmless");
    }

    @Test
    void aNewClaimIsAnnouncedOnceAndAGrantAgainIsNot() {
        files.put("a.lic", license(1));

        granted(1);
        granted(1);

        List<Notification> claimed = notifier.of(Notification.Type.LICENSE_CLAIMED);
        assertEquals(1, claimed.size(), "only the first grant is a claim");
        assertEquals(vm(1).value(), claimed.get(0).subject());
        assertEquals("a.lic", claimed.get(0).details().get("license"));
        assertEquals("test", claimed.get(0).correlationId());
        assertTrue(String.valueOf(claimed.get(0).details().get("sha256")).startsWith("sha256:"));
        assertTrue(!claimed.get(0).details().toString().contains("LICENSE-1"), "never the license text");
    }

    @Test
    void releasingAndReclaimingAreAnnouncedPerLicense() {
        files.put("a.lic", license(1)).put("b.lic", license(2));
        granted(1);
        granted(2);
        assertTrue(notifier.of(Notification.Type.LICENSE_RELEASED).isEmpty());

        service.release(vm(1), "cid-r");
        scaleSets.remove(vm(2));
        service.reclaim("cid-c");
        service.release(vm(1), "cid-again");

        List<Notification> released = notifier.of(Notification.Type.LICENSE_RELEASED);
        assertEquals(List.of(vm(1).value(), vm(2).value()), released.stream().map(Notification::subject).toList());
        assertEquals(List.of("cid-r", "cid-c"), released.stream().map(Notification::correlationId).toList(),
                "a second release of nothing announces nothing");
    }

    @Test
    void reclaimReleasesOnlyTheLicensesOfVmsInNoScaleSet() {
        files.put("a.lic", license(1)).put("b.lic", license(2)).put("c.lic", license(3));
        granted(1);
        granted(2);
        granted(3);
        scaleSets.remove(vm(2));

        assertEquals(1, service.reclaim("test"));

        assertEquals(List.of(vm(1), vm(3)), usage.readAll().stream().map(v -> v.value().vmId()).sorted().toList());
    }

    private static String sha(String content) {
        return HashedStock.sha256(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLicenseTakenWithoutAClaimIsAdoptedByTheFortiGatesNextRequest() {
        // Setup: a request took b.lic for vm 1 and stopped before writing vm 1's claim
        files.put("a.lic", license(1)).put("b.lic", license(2)).put("c.lic", license(3));
        usage.create(new LicenseAssignment(sha(license(2)), "b.lic", vm(1), "byol", clock.instant()));

        // Invoke
        LicenseService.Granted again = granted(1);

        // Verify
        assertEquals(license(2), again.content());
        assertTrue(again.again());
        assertEquals(sha(license(2)), usage.readClaim(vm(1)).orElseThrow().value().licenseSha256());
        assertEquals(1, usage.readAll().size(), "nothing else taken");
        assertEquals(license(2), granted(1).content());
    }

    @Test
    void anInstanceThatLosesTheFortiGatesClaimGivesBackWhatItTookAndAnswersTheWinnersLicense() {
        // Setup: while this instance takes a license for vm 1, another one takes the other license and claims it
        files.put("a.lic", license(1)).put("b.lic", license(2));
        LicenseUsage racing = new DelegatingUsage(usage) {
            @Override
            public Versioned<LicenseClaim> createClaim(LicenseClaim claim) {
                boolean tookA = claim.licenseSha256().equals(sha(license(1)));
                String other = tookA ? license(2) : license(1);
                usage.create(new LicenseAssignment(sha(other), tookA ? "b.lic" : "a.lic", vm(1), "byol",
                        clock.instant()));
                usage.createClaim(new LicenseClaim(vm(1), sha(other)));
                return super.createClaim(claim);
            }
        };
        LicenseService loser = new LicenseService(stock, racing, scaleSets, clock, notifier);

        // Invoke
        LicenseService.Granted answer = assertInstanceOf(LicenseService.Granted.class, loser.acquire(vm(1), "test"));

        // Verify: the winner's license; the one this instance took is free again and goes to vm 2
        String winners = sha(answer.content());
        assertEquals(winners, usage.readClaim(vm(1)).orElseThrow().value().licenseSha256());
        assertEquals(List.of(winners), usage.readAll().stream().map(v -> v.value().licenseSha256()).toList());
        assertNotEquals(answer.content(), granted(2).content());
        assertEquals(answer.content(), granted(1).content());
    }

    @Test
    void releaseAndReclaimRemoveTheClaim() {
        // Setup
        files.put("a.lic", license(1)).put("b.lic", license(2));
        granted(1);
        granted(2);

        // Invoke
        service.release(vm(1), "test");
        scaleSets.remove(vm(2));
        service.reclaim("test");

        // Verify
        assertTrue(usage.readAllClaims().isEmpty());
        assertTrue(usage.readAll().isEmpty());
    }

    /** A usage store that forwards every call, for a test to step in. */
    private static class DelegatingUsage implements LicenseUsage {
        private final LicenseUsage to;

        DelegatingUsage(LicenseUsage to) {
            this.to = to;
        }

        @Override
        public Optional<Versioned<LicenseAssignment>> read(String licenseSha256) {
            return to.read(licenseSha256);
        }

        @Override
        public Versioned<LicenseAssignment> create(LicenseAssignment assignment) {
            return to.create(assignment);
        }

        @Override
        public boolean delete(String licenseSha256, String expectedVersion) {
            return to.delete(licenseSha256, expectedVersion);
        }

        @Override
        public List<Versioned<LicenseAssignment>> readAll() {
            return to.readAll();
        }

        @Override
        public Optional<Versioned<LicenseClaim>> readClaim(VmId vmId) {
            return to.readClaim(vmId);
        }

        @Override
        public Versioned<LicenseClaim> createClaim(LicenseClaim claim) {
            return to.createClaim(claim);
        }

        @Override
        public Versioned<LicenseClaim> replaceClaim(LicenseClaim claim, String expectedVersion) {
            return to.replaceClaim(claim, expectedVersion);
        }

        @Override
        public boolean deleteClaim(VmId vmId, String expectedVersion) {
            return to.deleteClaim(vmId, expectedVersion);
        }

        @Override
        public List<Versioned<LicenseClaim>> readAllClaims() {
            return to.readAllClaims();
        }
    }

    @Test
    void aRemovedFileIsNeverHandedOutAgain() {
        files.put("a.lic", license(1)).put("b.lic", license(2));
        String first = granted(1).content();
        String removedName = first.equals(license(1)) ? "a.lic" : "b.lic";
        String other = first.equals(license(1)) ? license(2) : license(1);
        files.remove(removedName);

        scaleSets.remove(vm(1)); // its license would be free, but the file is gone
        LicenseService.Granted second = granted(2);
        LicenseService.Result third = service.acquire(vm(3), "test");

        assertEquals(other, second.content());
        assertInstanceOf(LicenseService.NoneFree.class, third, "the removed license is not handed out");
    }

    @Test
    void aHolderWhoseFileWasRemovedGetsAnotherAndItsOldLicenseGoesToNoOneElse() {
        files.put("a.lic", license(1)).put("b.lic", license(2)).put("c.lic", license(3));
        String old = granted(1).content();
        String oldName = old.equals(license(1)) ? "a.lic" : old.equals(license(2)) ? "b.lic" : "c.lic";
        files.remove(oldName);
        clock.advanceSeconds(60);

        String replacement = granted(1).content();
        files.put(oldName, old); // the operator puts the old file back
        String forVm2 = granted(2).content();
        LicenseService.Result forVm3 = service.acquire(vm(3), "test");

        assertNotEquals(old, replacement);
        assertNotEquals(old, forVm2, "the old license is still recorded for vm 1");
        assertNotEquals(replacement, forVm2);
        assertInstanceOf(LicenseService.NoneFree.class, forVm3);
        assertEquals(replacement, granted(1).content(), "vm 1 keeps getting its replacement");
    }

    @Test
    void aFileWhoseContentChangedIsADifferentLicense() {
        files.put("a.lic", license(1));
        granted(1);
        files.put("a.lic", license(2)); // the operator replaced the file's content

        LicenseService.Granted holder = granted(1);

        assertEquals(license(2), holder.content(), "the old license is no longer in stock: the holder gets the new one");
        assertInstanceOf(LicenseService.NoneFree.class, service.acquire(vm(2), "test"));
    }

    @Test
    void anEmptyFileIsNeverHandedOut() {
        files.put("empty.lic", "").put("blank.lic", " \n");

        assertInstanceOf(LicenseService.NoneFree.class, service.acquire(vm(1), "test"));
        assertTrue(usage.readAll().isEmpty());
    }

    @Test
    void aRequestDownloadsOnlyTheFileItHandsOut() {
        for (int i = 0; i < 20; i++) {
            files.put("fgt-" + i + ".lic", license(i));
        }

        granted(1);
        assertEquals(1, stock.listings.get());
        assertEquals(1, stock.downloads.get(), "the first FortiGate: one download");

        granted(2);
        assertEquals(2, stock.downloads.get(), "the second: one more, the held one is known by its hash");

        granted(1);
        assertEquals(3, stock.downloads.get(), "a repeat downloads only its own file");
        assertEquals(3, stock.listings.get(), "one listing per request");
    }

    @Test
    void aRenamedFileIsStillTheHeldLicenseAndGoesToNoOneElse() {
        files.put("a.lic", license(1));
        granted(1);
        files.remove("a.lic");
        files.put("renamed.lic", license(1));

        LicenseService.Result r = service.acquire(vm(2), "test");

        assertInstanceOf(LicenseService.NoneFree.class, r, "same content, same license: held by vm 1");
    }

    /** Counts listings and downloads. */
    private static final class CountingStock implements LicenseStock {
        final AtomicInteger listings = new AtomicInteger();
        final AtomicInteger downloads = new AtomicInteger();
        private final LicenseStock inner;

        CountingStock(LicenseStock inner) {
            this.inner = inner;
        }

        @Override
        public List<Entry> list() {
            listings.incrementAndGet();
            return inner.list();
        }

        @Override
        public Optional<File> download(String name) {
            downloads.incrementAndGet();
            return inner.download(name);
        }
    }
}
