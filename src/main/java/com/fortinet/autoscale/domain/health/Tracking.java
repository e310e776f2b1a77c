package com.fortinet.autoscale.domain.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What heartbeat tracking says of a FortiGate (SPEC §3).
 *
 * @param interval          the heartbeat interval it reported last
 * @param lastArrival       when the handler received its last accepted heartbeat
 * @param nextExpected      {@code lastArrival + interval}
 * @param lossCount         heartbeats counted as lost
 * @param syncState         in-sync (healthy) or out-of-sync
 * @param recoveryCountdown on-time heartbeats still needed to recover when out-of-sync
 * @param firstSeen         when its first heartbeat arrived
 */
public record Tracking(Duration interval, Instant lastArrival, Instant nextExpected, int lossCount,
                       SyncState syncState, int recoveryCountdown, Instant firstSeen) {
    public Tracking {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(lastArrival, "lastArrival");
        Objects.requireNonNull(nextExpected, "nextExpected");
        Objects.requireNonNull(syncState, "syncState");
        Objects.requireNonNull(firstSeen, "firstSeen");
        if (lossCount < 0 || recoveryCountdown < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        if (nextExpected.isBefore(lastArrival)) {
            throw new IllegalArgumentException("nextExpected " + nextExpected + " before lastArrival " + lastArrival);
        }
    }

    /** Tracking after a first heartbeat that arrived at {@code arrival}: on time, in-sync, no loss. */
    public static Tracking first(Duration interval, Instant arrival) {
        return new Tracking(interval, arrival, arrival.plus(interval), 0, SyncState.IN_SYNC, 0, arrival);
    }

    /** Out-of-sync with the given loss count and recovery countdown; the rest unchanged. */
    public Tracking outOfSync(int newLossCount, int countdown) {
        return new Tracking(interval, lastArrival, nextExpected, newLossCount, SyncState.OUT_OF_SYNC, countdown,
                firstSeen);
    }
}
