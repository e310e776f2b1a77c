package com.fortinet.autoscale.adapter.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.StoreUnavailableException;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.support.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scale sets adapter against a local fake Azure Resource Manager serving recorded-format JSON. */
class AzureScaleSetsIT {
    private static final VmId BYOL_0 = VmId.of("a0000000-0000-4000-8000-000000000000");
    private static final VmId BYOL_1 = VmId.of("a1000000-0000-4000-8000-000000000001");
    private static final VmId BYOL_3 = VmId.of("a3000000-0000-4000-8000-000000000003");
    private static final VmId BYOL_4 = VmId.of("a4000000-0000-4000-8000-000000000004");
    private static final VmId PAYG_0 = VmId.of("b0000000-0000-4000-8000-000000000000");
    private static final Duration TTL = Duration.ofSeconds(60);
    private static final String VNET = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/fgt-rg"
            + "/providers/Microsoft.Network/virtualNetworks/fgt-vnet";
    private static final String SUBNET = VNET + "/subnets/";
    private static final Duration UNKNOWN_INTERVAL = Duration.ofSeconds(10);
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(5);
    /** The last request of a listing: page 2 of the PAYG set's NICs. */
    private static final String LAST_OF_A_LISTING = "/fgt-payg/networkInterfaces?api-version=2018-10-01&$skiptoken=2";

    private FakeArm arm;
    private MutableClock clock;
    private volatile Settings settings;
    private AzureScaleSets scaleSets;
    /** What the scale sets waited for: the sleeper moves the clock instead of sleeping. */
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        arm = new FakeArm();
        clock = MutableClock.at("2026-11-21T10:00:00Z");
        settings = Settings.defaults().with(Map.of(
                "byol-scaling-group-name", "fgt-byol",
                "payg-scaling-group-name", "fgt-payg"));
        arm.timeWith(clock);
        scaleSets = scaleSets(TTL, UNKNOWN_INTERVAL, MIN_INTERVAL, clock, d -> {
            sleeps.add(d);
            clock.advance(d);
        });
    }

    private AzureScaleSets scaleSets(Duration ttl, Duration unknown, Duration min, Clock clock, Sleeper sleeper) {
        return new AzureScaleSets(arm.computeManager(), FakeArm.RESOURCE_GROUP, () -> settings, clock, ttl, unknown,
                min, sleeper);
    }

    @AfterEach
    void stop() {
        arm.close();
    }

    @Test
    void everyMemberOfEveryPageIsResolvedWithThePrimaryNicsPrimaryIp() {
        // Invoke
        Map<VmId, Member> members = scaleSets.members().stream()
                .collect(Collectors.toMap(Member::vmId, Function.identity()));

        // Verify: page 2 of the BYOL VMs and page 2 of the PAYG NICs were read
        assertEquals(Set.of(BYOL_0, BYOL_1, BYOL_3, PAYG_0), members.keySet());
        assertEquals(member(BYOL_0, "fgt-byol", Member.Licensing.BYOL, "0", "10.0.1.4", "10.0.2.4"), members.get(BYOL_0));
        // VM 1 lists its internal NIC first, and its primary NIC has a secondary IP configuration listed first:
        // the primary NIC is still port1, and its primary IP configuration's IP comes first
        assertEquals(new Member(BYOL_1, "fgt-byol", Member.Licensing.BYOL, "1", "10.0.1.5", List.of(
                new Member.NetworkInterface(0, List.of("10.0.1.5", "10.0.1.100"), SUBNET + "external"),
                new Member.NetworkInterface(1, List.of("10.0.2.5"), SUBNET + "internal"))), members.get(BYOL_1));
        assertEquals(List.of("10.0.1.5", "10.0.1.100", "10.0.2.5"), members.get(BYOL_1).privateIps());
        assertEquals(member(BYOL_3, "fgt-byol", Member.Licensing.BYOL, "3", "10.0.1.7", "10.0.2.7"), members.get(BYOL_3));
        // a single NIC without a primary flag
        assertEquals(member(PAYG_0, "fgt-payg", Member.Licensing.PAYG, "0", "10.0.1.9", null), members.get(PAYG_0));
        assertEquals(Optional.of(VNET), members.get(BYOL_0).virtualNetworkId());
        assertEquals(Optional.of(SUBNET + "external"), members.get(BYOL_0).subnetId());
        assertTrue(arm.requests().stream().anyMatch(r -> r.contains("/fgt-byol/virtualMachines?") && r.contains("skiptoken=2")),
                "the BYOL VM list was followed to page 2");
        assertTrue(arm.requests().stream().anyMatch(r -> r.contains("/fgt-payg/networkInterfaces?") && r.contains("skiptoken=2")),
                "the PAYG NIC list was followed to page 2");
        assertTrue(arm.requests().stream().anyMatch(r -> r.contains("/fgt-byol/virtualMachines?") && r.contains("$expand=instanceView")),
                "VMs are listed with their instance view (power state)");
    }

    @Test
    void aDeallocatedInstanceStaysAMemberAndItsPowerStateIsKnown() {
        // Invoke
        Optional<Member> deallocated = scaleSets.find(BYOL_3);

        // Verify
        assertTrue(deallocated.isPresent());
        assertEquals(Optional.of("deallocated"), scaleSets.powerState(BYOL_3));
        assertEquals(Optional.of("running"), scaleSets.powerState(BYOL_0));
    }

    @Test
    void aKnownDeviceCostsNoArmCallUntilTheCacheExpires() {
        // Setup
        scaleSets.find(BYOL_0);
        int afterFirst = arm.requests().size();

        // Invoke
        for (int i = 0; i < 100; i++) {
            assertTrue(scaleSets.find(i % 2 == 0 ? BYOL_1 : PAYG_0).isPresent());
            clock.advance(Duration.ofMillis(500));
        }

        // Verify: 50 s of lookups, no ARM call
        assertEquals(afterFirst, arm.requests().size());
        assertEquals(1, arm.refreshes());

        // Invoke: past the TTL
        clock.advance(Duration.ofSeconds(11));
        assertTrue(scaleSets.find(BYOL_0).isPresent());

        // Verify
        assertEquals(2, arm.refreshes());
    }

    @Test
    void anUnknownVmIdRefreshesAtOnceSoAFreshScaleOutIsFound() {
        // Setup
        assertTrue(scaleSets.find(BYOL_0).isPresent());
        arm.useVariant("fgt-byol.vms.2", "scaled-out");
        arm.useVariant("fgt-byol.nics.1", "scaled-out");
        clock.advance(Duration.ofSeconds(11));

        // Invoke
        Optional<Member> fresh = scaleSets.find(BYOL_4);

        // Verify
        assertEquals(Optional.of(member(BYOL_4, "fgt-byol", Member.Licensing.BYOL, "4", "10.0.1.8", "10.0.2.8")), fresh);
        assertEquals(2, arm.refreshes());
    }

    @Test
    void anUnknownVmIdRightAfterALoadCostsNoSecondLoad() {
        // Invoke: the very first lookup of a process is for a vmId that is in no scale set
        Optional<Member> unknown = scaleSets.find(VmId.of("cccccccc-0000-4000-8000-000000000000"));

        // Verify
        assertTrue(unknown.isEmpty());
        assertEquals(1, arm.refreshes());
    }

    @Test
    void aFloodOfUnknownVmIdsRefreshesAtMostOncePerInterval() throws Exception {
        // Setup
        assertTrue(scaleSets.find(BYOL_0).isPresent());
        clock.advance(Duration.ofSeconds(11));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<Member>>> results = new ArrayList<>();

        // Invoke: 200 unknown vmIds from 16 threads at once, then 200 more in the same interval
        try {
            for (int i = 0; i < 200; i++) {
                VmId unknown = VmId.of(String.format("cccccccc-0000-4000-8000-%012d", i));
                results.add(pool.submit(() -> {
                    go.await();
                    return scaleSets.find(unknown);
                }));
            }
            go.countDown();
            for (Future<Optional<Member>> r : results) {
                assertFalse(r.get(30, TimeUnit.SECONDS).isPresent());
            }
        } finally {
            pool.shutdownNow();
        }
        clock.advance(Duration.ofSeconds(9));
        for (int i = 0; i < 200; i++) {
            assertFalse(scaleSets.find(VmId.of(String.format("dddddddd-0000-4000-8000-%012d", i))).isPresent());
        }

        // Verify: the first load and one refresh for the whole flood
        assertEquals(2, arm.refreshes());

        // Invoke: the next interval allows one more
        clock.advance(Duration.ofSeconds(2));
        scaleSets.find(VmId.of("eeeeeeee-0000-4000-8000-000000000000"));
        assertEquals(3, arm.refreshes());
    }

    @Test
    void aScaleSetThatDoesNotExistHasNoMembers() {
        // Setup
        settings = settings.with(Map.of("payg-scaling-group-name", "fgt-gone"));

        // Invoke
        List<Member> members = scaleSets.members();

        // Verify
        assertEquals(Set.of(BYOL_0, BYOL_1, BYOL_3), members.stream().map(Member::vmId).collect(Collectors.toSet()));
        assertEquals(1, arm.count("/fgt-gone/virtualMachines"));
        assertEquals(0, arm.count("/fgt-gone/networkInterfaces"), "no NIC list for a scale set that is not there");
    }

    @Test
    void membersAlwaysReadsArmButFindKeepsItsCache() {
        // Invoke
        scaleSets.members();
        scaleSets.members();
        scaleSets.find(BYOL_0);

        // Verify
        assertEquals(2, arm.refreshes());
    }

    @Test
    void twoMembersCallsInQuickSuccessionListAtLeastTheIntervalApart() {
        // Invoke: no time passes between the calls
        scaleSets.members();
        scaleSets.members();
        clock.advance(Duration.ofSeconds(2));
        scaleSets.members();

        // Verify: the second waited the whole interval, the third what was left of it
        assertEquals(3, arm.refreshes());
        assertEquals(List.of(MIN_INTERVAL, Duration.ofSeconds(3)), sleeps);
        List<Instant> starts = arm.refreshStarts();
        for (int i = 1; i < starts.size(); i++) {
            assertFalse(Duration.between(starts.get(i - 1), starts.get(i)).compareTo(MIN_INTERVAL) < 0, starts.toString());
        }
    }

    @Test
    void onARealClockTheSecondListingWaitsOutTheInterval() {
        // Setup: a small interval, really slept
        Duration interval = Duration.ofMillis(300);
        AzureScaleSets real = scaleSets(TTL, UNKNOWN_INTERVAL, interval, Clock.systemUTC(), Sleeper.REAL);
        arm.timeWith(Clock.systemUTC());

        // Invoke
        Instant asked = Instant.now();
        real.members();
        real.members();

        // Verify: the second listing reached ARM at least the interval after the first was asked for (the
        // fake sees a listing's first request a little after the adapter starts it)
        List<Instant> starts = arm.refreshStarts();
        assertEquals(2, starts.size());
        assertFalse(Duration.between(asked, starts.get(1)).compareTo(interval) < 0, asked + " " + starts);
    }

    @Test
    void concurrentMembersCallersShareOneListingThatStartedAfterTheyAsked() throws Exception {
        // Setup: a listing is in flight (held on its last request) when eight more callers ask
        FakeArm.Hold hold = arm.holdNext(LAST_OF_A_LISTING);
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            Future<List<Member>> first = pool.submit(scaleSets::members);
            assertTrue(hold.reached.await(30, TimeUnit.SECONDS));
            // a scale-out the held listing has not seen (its BYOL pages were read already)
            arm.useVariant("fgt-byol.vms.2", "scaled-out");
            arm.useVariant("fgt-byol.nics.1", "scaled-out");
            List<Future<List<Member>>> later = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                later.add(pool.submit(scaleSets::members));
            }
            Instant deadline = Instant.now().plusSeconds(30);
            while (scaleSets.asked() < 9 && Instant.now().isBefore(deadline)) {
                LockSupport.parkNanos(1_000_000);
            }
            assertEquals(9, scaleSets.asked(), "all eight asked while the first listing was in flight");

            // Invoke
            hold.release();

            // Verify: the first caller got the listing in flight; the eight share one that started after they
            // asked (it sees the scale-out), the interval after the first
            assertFalse(ids(first.get(30, TimeUnit.SECONDS)).contains(BYOL_4));
            for (Future<List<Member>> f : later) {
                assertTrue(ids(f.get(30, TimeUnit.SECONDS)).contains(BYOL_4));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, arm.refreshes());
        List<Instant> starts = arm.refreshStarts();
        assertFalse(Duration.between(starts.get(0), starts.get(1)).compareTo(MIN_INTERVAL) < 0, starts.toString());
    }

    @Test
    void aLookupWhileAMembersListingIsInFlightSharesItRatherThanListingToo() throws Exception {
        // Setup: a good copy, then past the unknown-refresh interval a members() listing is in flight
        assertTrue(scaleSets.find(BYOL_0).isPresent());
        clock.advance(Duration.ofSeconds(11));
        FakeArm.Hold hold = arm.holdNext(LAST_OF_A_LISTING);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<Member>> members = pool.submit(scaleSets::members);
            assertTrue(hold.reached.await(30, TimeUnit.SECONDS));
            Future<Optional<Member>> unknown = pool.submit(() -> scaleSets.find(BYOL_4));
            LockSupport.parkNanos(200_000_000); // the lookup waits for the listing in flight
            assertFalse(unknown.isDone());

            // Invoke
            hold.release();

            // Verify: one listing in flight, shared; read fresh and not listed, so no member (not 503)
            assertEquals(4, members.get(30, TimeUnit.SECONDS).size());
            assertTrue(unknown.get(30, TimeUnit.SECONDS).isEmpty());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, arm.refreshes());
    }

    @Test
    void lookupsNeverListMoreOftenThanTheIntervalAndNeverWaitForIt() {
        // Setup: no cache at all (TTL 0), so only the listing interval spaces the refreshes
        AzureScaleSets uncached = scaleSets(Duration.ZERO, Duration.ZERO, MIN_INTERVAL, clock, d -> {
            throw new AssertionError("find() waited " + d);
        });

        // Invoke: 100 lookups over 4.5 s, known and unknown
        for (int i = 0; i < 100; i++) {
            assertTrue(uncached.find(BYOL_1).isPresent());
            // within the interval of a good read: not listed means no member, not "unavailable"
            assertTrue(uncached.find(VmId.of(String.format("cccccccc-0000-4000-8000-%012d", i))).isEmpty());
            clock.advance(Duration.ofMillis(45));
        }

        // Verify
        assertEquals(1, arm.refreshes());
        clock.advance(Duration.ofMillis(500));
        assertTrue(uncached.find(BYOL_1).isPresent());
        assertEquals(2, arm.refreshes());
    }

    @Test
    void whenArmFailsTheLastGoodCopyIsServedAndArmIsNotHammered() {
        // Setup
        assertTrue(scaleSets.find(BYOL_0).isPresent());
        arm.failWith(500);
        clock.advance(TTL.plusSeconds(1));

        // Invoke
        Optional<Member> known = scaleSets.find(BYOL_1);
        int afterFailure = arm.requests().size();
        for (int i = 0; i < 20; i++) {
            scaleSets.find(BYOL_1);
        }

        // Verify
        assertTrue(known.isPresent());
        assertEquals(afterFailure, arm.requests().size(), "no retry within the back-off");
        assertThrows(StoreUnavailableException.class, scaleSets::members);
    }

    @Test
    void anUnknownVmIdWhileArmCannotBeReadIsUnavailableNotInNoScaleSet() {
        // Setup: a copy from a good read, then ARM fails
        assertTrue(scaleSets.find(BYOL_0).isPresent());
        arm.failWith(500);
        clock.advance(Duration.ofSeconds(11));
        VmId unknown = VmId.of("cccccccc-0000-4000-8000-000000000001");

        // Invoke / Verify: the refresh failed, so the copy cannot say it is no member (503, not 404)
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> scaleSets.find(unknown));
        assertTrue(e.retryAfter().toSeconds() > 0);
        assertTrue(e.getMessage().contains(unknown.value()), e.getMessage());
        // a known member is still served from the copy
        assertTrue(scaleSets.find(BYOL_0).isPresent());
        // once ARM answers again, a vmId read fresh and not listed is in no managed scale set
        arm.failWith(0);
        clock.advance(Duration.ofSeconds(11));
        assertTrue(scaleSets.find(unknown).isEmpty());
    }

    @Test
    void withoutAnyCopyAnArmFailureIsAnUnavailableStore() {
        // Setup
        arm.failWith(503);

        // Invoke / Verify
        assertThrows(StoreUnavailableException.class, () -> scaleSets.find(BYOL_0));
    }

    @Test
    void renamingAScaleSetInTheSettingsReloadsAtOnce() {
        // Setup
        assertTrue(scaleSets.find(PAYG_0).isPresent());

        // Invoke: the PAYG set is no longer managed
        settings = settings.with(Map.of("payg-scaling-group-name", ""));
        Optional<Member> byol = scaleSets.find(BYOL_0);

        // Verify: reloaded at once although the copy had not expired
        assertTrue(byol.isPresent());
        assertEquals(2, arm.refreshes());
        assertTrue(scaleSets.find(PAYG_0).isEmpty());
        assertEquals(0, arm.count("/fgt-payg/") - 3, "the PAYG set was read by the first load only");
    }

    @Test
    void terminateDeletesTheInstanceOnceWithoutWaiting() throws Exception {
        // Setup
        Member member = scaleSets.find(BYOL_1).orElseThrow();

        // Invoke
        scaleSets.terminate(member);
        scaleSets.terminate(member);

        // Verify: one DELETE reaches ARM (bounded wait)
        String delete = "DELETE /subscriptions/" + FakeArm.SUBSCRIPTION + "/resourceGroups/" + FakeArm.RESOURCE_GROUP
                + "/providers/Microsoft.Compute/virtualMachineScaleSets/fgt-byol/virtualMachines/1";
        Instant deadline = Instant.now().plusSeconds(10);
        while (arm.count(delete) == 0 && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(5_000_000);
        }
        assertEquals(1, arm.count(delete));
        scaleSets.terminate(member);
        assertEquals(1, arm.count(delete), "a deletion under way is not requested again");
    }

    @Test
    void aMemberWithoutInstanceIdIsNotTerminated() {
        // Invoke
        scaleSets.terminate(new Member(BYOL_0, "fgt-byol", Member.Licensing.BYOL, null, "10.0.1.4"));

        // Verify
        assertEquals(0, arm.count("DELETE"));
    }

    private static Set<VmId> ids(List<Member> members) {
        return members.stream().map(Member::vmId).collect(Collectors.toSet());
    }

    /** A member as ARM reports it: port1 in the external subnet and, when given, port2 in the internal one. */
    private static Member member(VmId vmId, String set, Member.Licensing licensing, String instance, String port1,
                                 String port2) {
        List<Member.NetworkInterface> nics = new ArrayList<>();
        nics.add(new Member.NetworkInterface(0, List.of(port1), SUBNET + "external"));
        if (port2 != null) {
            nics.add(new Member.NetworkInterface(1, List.of(port2), SUBNET + "internal"));
        }
        return new Member(vmId, set, licensing, instance, port1, nics);
    }
}
