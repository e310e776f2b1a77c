package com.fortinet.autoscale.domain.election;

import static com.fortinet.autoscale.domain.health.HealthRecordBuilder.aHealthRecord;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.HealthRecordBuilder;
import com.fortinet.autoscale.domain.health.SyncState;
import com.fortinet.autoscale.domain.settings.Settings;

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
        return aHealthRecord().of(m).interval(seconds(10)).arrivedAt(T0)
                .firstSeen(T0.minusSeconds(1000 - firstSeenSecond))
                .syncTime(syncSecond == null ? null : T0.minusSeconds(100 - syncSecond))
                .saysPrimary(isPrimary).checksum(checksum).build();
    }

    private static HealthRecord in(String group, HealthRecord r) {
        return HealthRecordBuilder.from(r).scalingGroup(group).build();
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
        Map<VmId, Score> scores = ElectionRules.scores(candidates);
        List<Integer> actual = new ArrayList<>();
        candidates.forEach(c -> actual.add(scores.get(c.vmId()).total()));
        assertEquals(expected, actual);
    }

    @Test
    void theWinnersScoreNamesTheCriteriaItMet() {
        List<HealthRecord> records = List.of(candidate(1, true, "a", 9, 0), candidate(2, null, "a", 1, 0),
                candidate(3, null, "b", 2, 0));
        ElectionRules.Choice choice = ElectionRules.chooseWithScore(records, T0, SETTINGS, v -> true).orElseThrow();
        assertEquals(vm(1), choice.winner().vmId());
        assertEquals(95, choice.score().total());
        assertEquals("says-primary,group-holds-latest-sync,latest-sync-in-group,in-largest-group,shares-checksum,"
                + "has-checksum", choice.score().describe());
        assertEquals("none", ElectionRules.scores(List.of(candidate(4, null, null, null, 0)))
                .get(vm(4)).describe());
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
        HealthRecord freshPayg = aHealthRecord().vmId(paygOne.vmId()).scalingGroup("payg")
                .privateIp("10.0.2.7").instanceId("7").interval(seconds(10)).arrivedAt(later).firstSeen(T0).build();
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
