package com.fortinet.autoscale.domain;

import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.payg;
import static com.fortinet.autoscale.support.Fixtures.seconds;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ElectionRulesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Settings SETTINGS = Settings.from(Map.of("byol-scaling-group-name", "byol",
            "payg-scaling-group-name", "payg", "heartbeat-loss-count", "3"));

    /** A healthy record that just sent a heartbeat, with the election-relevant fields. */
    private static HealthRecord candidate(int n, Boolean isPrimary, String checksum, Integer syncSecond, int firstSeenSecond) {
        Member m = byol(n);
        return new HealthRecord(m.vmId(), m.scaleSet(), m.privateIp(), m.instanceId(), seconds(10), T0,
                T0.plusSeconds(10), 0, SyncState.IN_SYNC, 0, null, null, T0.minusSeconds(1000 - firstSeenSecond),
                null, syncSecond == null ? null : T0.minusSeconds(100 - syncSecond), null, null, isPrimary, checksum);
    }

    private static HealthRecord in(String group, HealthRecord r) {
        return new HealthRecord(r.vmId(), group, r.privateIp(), r.instanceId(), r.interval(), r.lastArrival(),
                r.nextExpected(), r.lossCount(), r.syncState(), r.recoveryCountdown(), r.sequence(), r.deviceTime(),
                r.firstSeen(), r.knownPrimaryIp(), r.syncTime(), r.syncFailTime(), r.syncStatus(), r.isPrimary(),
                r.checksum());
    }

    /** The score table of SPEC §4, case by case: candidates, then the expected score of each. */
    static Stream<Arguments> scoreCases() {
        return Stream.of(
                Arguments.of("no checksum, not primary: 0",
                        List.of(candidate(1, null, null, null, 0)), List.of(0)),
                Arguments.of("says it is primary: 64",
                        List.of(candidate(1, true, null, null, 0)), List.of(64)),
                Arguments.of("is_primary false counts nothing",
                        List.of(candidate(1, false, null, null, 0)), List.of(0)),
                Arguments.of("a lone checksum with no sync time: 1",
                        List.of(candidate(1, null, "a", null, 0)), List.of(1)),
                Arguments.of("a lone checksum with the single latest sync time: 1 + 8 + 16",
                        List.of(candidate(1, null, "a", 5, 0)), List.of(25)),
                Arguments.of("two sharing a checksum: +2 each, +4 as the single largest group",
                        List.of(candidate(1, null, "a", null, 0), candidate(2, null, "a", null, 0)),
                        List.of(7, 7)),
                Arguments.of("the latest sync time within a shared group: +8 and the group +16",
                        List.of(candidate(1, null, "a", 5, 0), candidate(2, null, "a", 9, 0)),
                        List.of(23, 31)),
                Arguments.of("two groups of two: no single largest group",
                        List.of(candidate(1, null, "a", null, 0), candidate(2, null, "a", null, 0),
                                candidate(3, null, "b", null, 0), candidate(4, null, "b", null, 0)),
                        List.of(3, 3, 3, 3)),
                Arguments.of("latest sync time tied across groups: nobody gets 16",
                        List.of(candidate(1, null, "a", 9, 0), candidate(2, null, "b", 9, 0)),
                        List.of(9, 9)),
                Arguments.of("largest group of three beats a pair",
                        List.of(candidate(1, null, "a", null, 0), candidate(2, null, "a", null, 0),
                                candidate(3, null, "a", null, 0), candidate(4, null, "b", null, 0),
                                candidate(5, null, "b", null, 0)),
                        List.of(7, 7, 7, 3, 3)),
                Arguments.of("everything at once: 64 + 16 + 8 + 4 + 2 + 1",
                        List.of(candidate(1, true, "a", 9, 0), candidate(2, null, "a", 1, 0),
                                candidate(3, null, "b", 2, 0)),
                        List.of(95, 23, 9)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scoreCases")
    void theScoreTableGivesEachCandidateItsPoints(String name, List<HealthRecord> candidates, List<Integer> expected) {
        Map<VmId, Integer> scores = ElectionRules.scores(candidates);
        List<Integer> actual = new ArrayList<>();
        candidates.forEach(c -> actual.add(scores.get(c.vmId())));
        assertEquals(expected, actual);
    }

    @Test
    void theHighestScoreWins() {
        List<HealthRecord> records = List.of(candidate(1, null, "a", 1, 0), candidate(2, true, null, null, 5));
        assertEquals(vm(2), ElectionRules.choose(records, T0, SETTINGS, v -> true).orElseThrow().vmId());
    }

    @Test
    void aTieGoesToTheEarliestFirstHeartbeatThenTheSmallestVmId() {
        List<HealthRecord> byFirstSeen = List.of(candidate(1, null, null, null, 50), candidate(2, null, null, null, 10));
        assertEquals(vm(2), ElectionRules.choose(byFirstSeen, T0, SETTINGS, v -> true).orElseThrow().vmId());
        List<HealthRecord> byVmId = List.of(candidate(3, null, null, null, 10), candidate(2, null, null, null, 10));
        assertEquals(vm(2), ElectionRules.choose(byVmId, T0, SETTINGS, v -> true).orElseThrow().vmId());
    }

    @Test
    void thePreferredGroupWinsOverAHigherScoreElsewhere() {
        HealthRecord paygPrimary = in("payg", candidate(7, true, "a", 9, 0));
        HealthRecord byolPlain = candidate(1, null, null, null, 0);
        assertEquals(vm(1), ElectionRules.choose(List.of(paygPrimary, byolPlain), T0, SETTINGS, v -> true)
                .orElseThrow().vmId());
    }

    @Test
    void withNoEligibleDeviceInThePreferredGroupAnotherGroupIsElected() {
        HealthRecord paygOne = in("payg", candidate(7, null, null, null, 0));
        HealthRecord silentByol = candidate(1, true, null, null, 0);
        Instant later = T0.plusSeconds(15); // byol record: nextExpected 10 + allowance 2 < 15: missed 1
        HealthRecord freshPayg = new HealthRecord(paygOne.vmId(), "payg", "10.0.2.7", "7", seconds(10), later,
                later.plusSeconds(10), 0, SyncState.IN_SYNC, 0, null, null, T0, null, null, null, null, null, null);
        assertEquals(vm(7), ElectionRules.choose(List.of(silentByol, freshPayg), later, SETTINGS, v -> true)
                .orElseThrow().vmId());
    }

    @Test
    void thePrimaryGroupSettingOverridesTheByolDefault() {
        Settings paygFirst = SETTINGS.with(Map.of("primary-scaling-group-name", "payg"));
        HealthRecord p = in("payg", candidate(7, null, null, null, 0));
        HealthRecord b = candidate(1, true, null, null, 0);
        assertEquals(vm(7), ElectionRules.choose(List.of(p, b), T0, paygFirst, v -> true).orElseThrow().vmId());
    }

    @Test
    void onlyHealthyInSyncPunctualMembersAreEligible() {
        HealthRecord ok = candidate(1, null, null, null, 0);
        assertTrue(ElectionRules.isEligible(ok, T0, SETTINGS, v -> true));
        assertFalse(ElectionRules.isEligible(ok, T0, SETTINGS, v -> false), "scaled in");
        assertFalse(ElectionRules.isEligible(ok.markedOutOfSync(0, 3), T0, SETTINGS, v -> true), "out-of-sync");
        assertFalse(ElectionRules.isEligible(ok, T0.plusSeconds(13), SETTINGS, v -> true), "a heartbeat missed");
        assertEquals(Optional.empty(), ElectionRules.choose(List.of(ok), T0.plusSeconds(13), SETTINGS, v -> true));
    }

    @Test
    void anElectionIsNeededWithoutAPrimaryOrWhenItIsGoneUnhealthyOrLost() {
        HealthRecord r = candidate(1, null, null, null, 0);
        Primary p = new Primary(r.vmId(), r.privateIp(), "byol", 1, T0, T0);
        assertTrue(ElectionRules.needsElection(null, null, T0, SETTINGS));
        assertTrue(ElectionRules.needsElection(p, null, T0, SETTINGS));
        assertFalse(ElectionRules.needsElection(p, r, T0, SETTINGS));
        assertFalse(ElectionRules.needsElection(p, r, T0.plus(seconds(21.9)), SETTINGS), "one missed: not lost");
        assertTrue(ElectionRules.needsElection(p, r, T0.plusSeconds(22), SETTINGS), "two missed: lost");
        assertTrue(ElectionRules.needsElection(p, r.markedOutOfSync(3, 3), T0, SETTINGS), "unhealthy");
    }
}
