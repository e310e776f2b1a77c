package com.fortinet.autoscale.domain.health;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.settings.Settings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The heartbeat and health rules of SPEC §3, as pure functions of a record, a heartbeat, the arrival time
 * and the settings. Nothing here reads a clock or a store.
 */
public final class HealthRules {
    private HealthRules() {}

    /** What a heartbeat did to a record. */
    public enum Transition {
        /** The heartbeat was late. */
        LATE,
        /** The device became out-of-sync. */
        BECAME_UNHEALTHY,
        /** An out-of-sync device sent an on-time heartbeat and counts down to recovery. */
        RECOVERING,
        /** The device is in-sync again. */
        RECOVERED
    }

    /** How a heartbeat was taken. */
    public enum Disposition {
        /** The record changed: write it. */
        APPLIED,
        /** Older than what is recorded (lower sequence and older device time): nothing changes. */
        OUTDATED,
        /** The same sequence and device time as recorded: nothing changes. */
        DUPLICATE
    }

    /**
     * How far a device clock may be from the arrival time and still be believed: further than this, the
     * device's {@code time} is not used to call a heartbeat outdated (one forged or broken clock must not mute
     * a device).
     */
    public static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(10);

    /** A {@code sequence} this low, sent with a believable clock, is a device that restarted counting. */
    public static final long RESTARTED_SEQUENCE_LIMIT = 2;

    /**
     * The result of applying a heartbeat. {@code record} is the unchanged record unless APPLIED.
     * {@code clockIgnored} says the heartbeat's or the record's device time was too far from its arrival to be
     * used by the outdated rule.
     */
    public record Applied(Disposition disposition, HealthRecord record, List<Transition> transitions, long missed,
                          boolean clockIgnored) {
        public Applied(Disposition disposition, HealthRecord record, List<Transition> transitions, long missed) {
            this(disposition, record, transitions, missed, false);
        }

        public boolean changed() {
            return disposition == Disposition.APPLIED;
        }

        /** An on-time heartbeat that changes nothing but the tracking: no transition, nothing to decide. */
        public boolean plain() {
            return changed() && transitions.isEmpty();
        }
    }

    /** A device clock believable at the arrival time: within {@link #CLOCK_TOLERANCE} of it. */
    public static boolean believable(Instant deviceTime, Instant arrival) {
        return deviceTime != null && Duration.between(deviceTime, arrival).abs().compareTo(CLOCK_TOLERANCE) <= 0;
    }

    /**
     * Heartbeats counted as missed at {@code now}: 0 while {@code now <= nextExpected + allowance}, else
     * {@code 1 + floor((now - nextExpected - allowance) / interval)}.
     */
    public static long missed(HealthRecord record, Instant now, Duration allowance) {
        Duration over = Duration.between(record.nextExpected().plus(allowance), now);
        if (over.isNegative() || over.isZero()) {
            return 0;
        }
        return 1 + over.dividedBy(record.interval());
    }

    /** Healthy: in-sync, and the losses so far plus the heartbeats missed by {@code now} stay under the limit. */
    public static boolean isHealthy(HealthRecord record, Instant now, Settings settings) {
        return record.inSync()
                && record.lossCount() + missed(record, now, settings.heartbeatDelayAllowance())
                        < settings.heartbeatLossCount();
    }

    /** Late: at least one heartbeat missed by {@code now}. */
    public static boolean isLate(HealthRecord record, Instant now, Settings settings) {
        return missed(record, now, settings.heartbeatDelayAllowance()) > 0;
    }

    /** Lost (an election is due when it is the primary): two or more heartbeats missed. */
    public static boolean isLost(HealthRecord record, Instant now, Settings settings) {
        return missed(record, now, settings.heartbeatDelayAllowance()) >= 2;
    }

    /** The first instant at which the record counts as lost, absent a newer heartbeat. */
    public static Instant lostAt(HealthRecord record, Settings settings) {
        return record.nextExpected().plus(settings.heartbeatDelayAllowance()).plus(record.interval());
    }

    /** The record a first heartbeat creates: on time, in-sync, no loss. */
    public static HealthRecord first(Heartbeat hb, Member member, Instant arrival) {
        return new HealthRecord(hb.vmId(), Placement.of(member), Tracking.first(hb.interval(), arrival),
                DeviceReport.of(hb), null);
    }

    /** Applies a heartbeat that arrived at {@code arrival} to the record of its device. */
    public static Applied apply(HealthRecord r, Heartbeat hb, Instant arrival, Settings settings) {
        boolean clockIgnored = false;
        if (hb.sequence() != null && r.sequence() != null && hb.time() != null && r.deviceTime() != null) {
            if (hb.sequence().equals(r.sequence()) && hb.time().equals(r.deviceTime())) {
                return new Applied(Disposition.DUPLICATE, r, List.of(), 0);
            }
            // The outdated rule trusts two device clocks: this heartbeat's at its arrival, and the recorded one
            // at its own arrival. A clock far from either (forged, broken, not yet set) is not used, so one bad
            // heartbeat cannot make every later one look outdated.
            boolean clocksBelievable = believable(hb.time(), arrival) && believable(r.deviceTime(), r.lastArrival());
            clockIgnored = !clocksBelievable;
            boolean restarted = hb.sequence() < r.sequence() && hb.sequence() <= RESTARTED_SEQUENCE_LIMIT
                    && believable(hb.time(), arrival);
            if (clocksBelievable && !restarted && hb.sequence() < r.sequence() && hb.time().isBefore(r.deviceTime())) {
                return new Applied(Disposition.OUTDATED, r, List.of(), 0);
            }
        }
        Duration allowance = settings.heartbeatDelayAllowance();
        long missed = missed(r, arrival, allowance);
        boolean late = isLate(r, arrival, settings);
        List<Transition> transitions = new ArrayList<>(2);
        int loss = r.lossCount();
        SyncState state = r.syncState();
        int countdown = r.recoveryCountdown();
        if (late) {
            transitions.add(Transition.LATE);
        }
        if (state == SyncState.IN_SYNC) {
            if (late) {
                loss = (int) Math.min(Integer.MAX_VALUE, loss + missed);
                if (loss >= settings.heartbeatLossCount()) {
                    state = SyncState.OUT_OF_SYNC;
                    countdown = settings.syncRecoveryCount();
                    transitions.add(Transition.BECAME_UNHEALTHY);
                }
            } else {
                loss = 0;
            }
        } else {
            if (late) {
                loss = (int) Math.min(Integer.MAX_VALUE, loss + missed);
                countdown = settings.syncRecoveryCount();
            } else if (settings.terminateUnhealthyVm()) {
                // An out-of-sync FortiGate is deleted from its scale set instead of recovering.
                countdown = settings.syncRecoveryCount();
            } else {
                countdown = Math.max(0, countdown - 1);
                if (countdown == 0) {
                    state = SyncState.IN_SYNC;
                    loss = 0;
                    transitions.add(Transition.RECOVERED);
                } else {
                    transitions.add(Transition.RECOVERING);
                }
            }
        }
        Tracking tracking = new Tracking(hb.interval(), arrival, arrival.plus(hb.interval()), loss, state,
                countdown, r.firstSeen());
        HealthRecord next = new HealthRecord(r.vmId(), r.placement(), tracking, DeviceReport.of(hb),
                r.knownPrimaryIp());
        return new Applied(Disposition.APPLIED, next, List.copyOf(transitions), missed, clockIgnored);
    }
}
