package com.fortinet.autoscale.domain.health;

import com.fortinet.autoscale.domain.settings.Settings;

import static com.fortinet.autoscale.support.Fixtures.beat;
import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.seconds;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.health.HealthRules.Applied;
import com.fortinet.autoscale.domain.health.HealthRules.Disposition;
import com.fortinet.autoscale.domain.health.HealthRules.Transition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthRulesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    // interval 10 s, allowance 2 s, loss count 3, recovery 2
    private final Settings settings = Settings.from(Map.of(
            "heartbeat-delay-allowance", "2", "heartbeat-loss-count", "3", "sync-recovery-count", "2"));

    private HealthRecord first() {
        return HealthRules.first(beat(1, 10), byol(1), T0);
    }

    private Applied at(HealthRecord r, double secondsAfterT0) {
        return HealthRules.apply(r, beat(1, 10), T0.plus(seconds(secondsAfterT0)), settings);
    }

    @Test
    void aFirstHeartbeatCreatesAnOnTimeInSyncRecordWithNoLoss() {
        HealthRecord r = first();
        assertEquals(SyncState.IN_SYNC, r.syncState());
        assertEquals(0, r.lossCount());
        assertEquals(T0, r.lastArrival());
        assertEquals(T0.plusSeconds(10), r.nextExpected());
        assertEquals(T0, r.firstSeen());
        assertEquals("10.0.1.1", r.privateIp());
        assertEquals("byol", r.scalingGroup());
        assertNull(r.knownPrimaryIp());
    }

    @Test
    void aHeartbeatWithinTheDelayAllowanceIsOnTimeAndClearsTheLossCount() {
        HealthRecord late = at(first(), 13).record();
        assertEquals(1, late.lossCount());
        Applied onTime = at(late, 13 + 12);
        assertTrue(onTime.transitions().isEmpty());
        assertEquals(0, onTime.record().lossCount());
        assertEquals(T0.plusSeconds(35), onTime.record().nextExpected());
    }

    @Test
    void aHeartbeatPastTheAllowanceIsLateAndCountsOneLoss() {
        Applied a = at(first(), 12.5);
        assertEquals(List.of(Transition.LATE), a.transitions());
        assertEquals(1, a.record().lossCount());
        assertEquals(1, a.missed());
        assertEquals(SyncState.IN_SYNC, a.record().syncState());
    }

    @Test
    void aHeartbeatAfterWholeSilentIntervalsCountsEveryMissedOne() {
        // nextExpected 10, allowance 2: at 12 + 10 + 1 = 23 s, missed = 1 + floor(11/10) = 2
        Applied a = at(first(), 23);
        assertEquals(2, a.missed());
        assertEquals(2, a.record().lossCount());
    }

    @Test
    void reachingTheLossCountMakesTheDeviceOutOfSyncWithARecoveryCountdown() {
        Applied a = at(first(), 33); // missed = 1 + floor(21/10) = 3
        assertEquals(List.of(Transition.LATE, Transition.BECAME_UNHEALTHY), a.transitions());
        assertEquals(SyncState.OUT_OF_SYNC, a.record().syncState());
        assertEquals(2, a.record().recoveryCountdown());
    }

    @Test
    void aDeviceSilentForManyIntervalsCannotTurnHealthyWithOneHeartbeat() {
        HealthRecord r = at(first(), 33).record();
        Applied next = at(r, 33 + 10);
        assertEquals(SyncState.OUT_OF_SYNC, next.record().syncState());
        assertEquals(List.of(Transition.RECOVERING), next.transitions());
        assertEquals(1, next.record().recoveryCountdown());
    }

    @Test
    void anOutOfSyncDeviceRecoversAfterTheRecoveryCountOfOnTimeHeartbeats() {
        HealthRecord r = at(first(), 33).record();
        r = at(r, 43).record();
        Applied recovered = at(r, 53);
        assertEquals(List.of(Transition.RECOVERED), recovered.transitions());
        assertEquals(SyncState.IN_SYNC, recovered.record().syncState());
        assertEquals(0, recovered.record().lossCount());
    }

    @Test
    void aLateHeartbeatResetsTheRecoveryCountdown() {
        HealthRecord r = at(first(), 33).record();
        r = at(r, 43).record();
        assertEquals(1, r.recoveryCountdown());
        Applied late = at(r, 43 + 15);
        assertEquals(2, late.record().recoveryCountdown());
        assertEquals(SyncState.OUT_OF_SYNC, late.record().syncState());
    }

    @Test
    void withTerminateUnhealthyVmAnOutOfSyncDeviceDoesNotRecover() {
        Settings terminating = settings.with(Map.of("terminate-unhealthy-vm", "true"));
        HealthRecord r = HealthRules.apply(first(), beat(1, 10), T0.plusSeconds(33), terminating).record();
        for (int i = 1; i <= 5; i++) {
            r = HealthRules.apply(r, beat(1, 10), T0.plusSeconds(33 + 10L * i), terminating).record();
        }
        assertEquals(SyncState.OUT_OF_SYNC, r.syncState());
    }

    @Test
    void missedIsZeroUpToTheAllowanceThenCountsWholeIntervals() {
        HealthRecord r = first();
        assertEquals(0, HealthRules.missed(r, T0.plusSeconds(12), seconds(2)));
        assertEquals(1, HealthRules.missed(r, T0.plus(seconds(12.001)), seconds(2)));
        assertEquals(1, HealthRules.missed(r, T0.plus(seconds(21.999)), seconds(2)));
        assertEquals(2, HealthRules.missed(r, T0.plusSeconds(22), seconds(2)));
        assertEquals(11, HealthRules.missed(r, T0.plusSeconds(112), seconds(2)));
    }

    @Test
    void aSilentDeviceBecomesUnhealthyWithoutCallingAgain() {
        HealthRecord r = first();
        assertTrue(HealthRules.isHealthy(r, T0.plusSeconds(31), settings)); // missed 2
        assertFalse(HealthRules.isHealthy(r, T0.plusSeconds(32), settings)); // missed 3 = loss count
    }

    @Test
    void aDeviceIsLostOnceTwoHeartbeatsAreMissed() {
        HealthRecord r = first();
        assertFalse(HealthRules.isLost(r, T0.plus(seconds(21.9)), settings));
        assertTrue(HealthRules.isLost(r, T0.plusSeconds(22), settings));
        assertEquals(T0.plusSeconds(22), HealthRules.lostAt(r, settings));
    }

    @Test
    void anOutdatedHeartbeatIsDroppedAndChangesNothing() {
        HealthRecord r = HealthRules.first(beat(vm(1), 10, 5, T0), byol(1), T0);
        Applied a = HealthRules.apply(r, beat(vm(1), 10, 4, T0.minusSeconds(10)), T0.plusSeconds(50), settings);
        assertEquals(Disposition.OUTDATED, a.disposition());
        assertSame(r, a.record());
        assertFalse(a.changed());
    }

    @Test
    void aDuplicateHeartbeatIsIdempotent() {
        HealthRecord r = HealthRules.first(beat(vm(1), 10, 5, T0), byol(1), T0);
        Applied a = HealthRules.apply(r, beat(vm(1), 10, 5, T0), T0.plusSeconds(50), settings);
        assertEquals(Disposition.DUPLICATE, a.disposition());
        assertSame(r, a.record());
    }

    @Test
    void aRebootedDeviceWithALowerSequenceButANewerTimeIsAccepted() {
        HealthRecord r = HealthRules.first(beat(vm(1), 10, 500, T0), byol(1), T0);
        Applied a = HealthRules.apply(r, beat(vm(1), 10, 0, T0.plusSeconds(9)), T0.plusSeconds(9), settings);
        assertEquals(Disposition.APPLIED, a.disposition());
        assertEquals(0L, a.record().sequence());
    }

    @Test
    void theIntervalTheDeviceReportsIsTheOneUsed() {
        HealthRecord r = first();
        Applied a = HealthRules.apply(r, beat(1, 60), T0.plusSeconds(10), settings);
        assertEquals(T0.plusSeconds(70), a.record().nextExpected());
        assertEquals(seconds(60), a.record().interval());
    }

    @Test
    void fractionalIntervalsWork() {
        HealthRecord r = HealthRules.first(beat(1, 0.5), byol(1), T0);
        Settings fast = Settings.from(Map.of("heartbeat-delay-allowance", "0.1", "heartbeat-loss-count", "3"));
        Applied a = HealthRules.apply(r, beat(1, 0.5), T0.plus(seconds(0.7)), fast);
        assertEquals(1, a.missed());
    }
}
