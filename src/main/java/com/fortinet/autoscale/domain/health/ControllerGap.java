package com.fortinet.autoscale.domain.health;

import com.fortinet.autoscale.domain.settings.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * A time the controller itself could not record heartbeats (the store unavailable, the app down, restarting
 * or paused): from the last instant it is known to have recorded something to the instant it noticed it had
 * stopped. Heartbeats due within it are not counted against any FortiGate (issue 12 item 2).
 *
 * <p>The controller suspects itself, not the devices, the way the Kubernetes node lifecycle controller stops
 * evicting on a "full disruption": when its own watermark is stale and most FortiGates that were beating fell
 * silent at once, the silence is the controller's.
 *
 * @param start the last instant the controller is known to have recorded state
 * @param end   when the controller found it had been away (it records again from then)
 */
public record ControllerGap(Instant start, Instant end) {
    public ControllerGap {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("gap end " + end + " before its start " + start);
        }
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    /**
     * The record as if the gap had not happened: a FortiGate that was on time when the gap began and has not
     * beaten since it ended is next expected one interval after the gap's end. A FortiGate already late when
     * the gap began keeps its record: its silence is its own.
     */
    public HealthRecord excuse(HealthRecord r, Duration allowance) {
        if (!r.nextExpected().isBefore(end) || HealthRules.missed(r, start, allowance) > 0) {
            return r;
        }
        Tracking t = r.tracking();
        return r.withTracking(new Tracking(t.interval(), t.lastArrival(), end.plus(t.interval()), t.lossCount(),
                t.syncState(), t.recoveryCountdown(), t.firstSeen()));
    }

    /** {@link #excuse} when there is a gap. */
    public static HealthRecord excuse(HealthRecord r, ControllerGap gap, Duration allowance) {
        return gap == null ? r : gap.excuse(r, allowance);
    }

    /**
     * Whether the controller's watermark is old enough that it may have been away: more than two heartbeat
     * intervals and the allowance. In a steady cluster the primary's lease renewals move it on about every
     * other primary heartbeat, and every health monitor run moves it on.
     */
    public static boolean stale(Instant watermark, Instant now, Duration interval, Settings s) {
        return Duration.between(watermark, now).compareTo(interval.multipliedBy(2).plus(s.heartbeatDelayAllowance())) > 0;
    }

    /**
     * The controller gap these records show at {@code now}, if any: the watermark is stale and most in-sync
     * FortiGates are late at once (a strict majority; one device alone counts). The gap runs from the later of
     * the watermark and the last arrival recorded from any FortiGate, to {@code now}.
     *
     * @param stored    every health record as stored (none of them excused by an earlier gap yet)
     * @param earlier   the last gap recorded, excused before judging; may be null
     * @param watermark the last instant the controller is known to have recorded state
     */
    public static Optional<ControllerGap> detect(Collection<HealthRecord> stored, ControllerGap earlier,
                                                 Instant watermark, Instant now, Settings s) {
        Duration allowance = s.heartbeatDelayAllowance();
        int considered = 0;
        int silent = 0;
        Duration longest = Duration.ZERO;
        Instant lastRecorded = watermark;
        for (HealthRecord each : stored) {
            HealthRecord r = excuse(each, earlier, allowance);
            if (r.lastArrival().isAfter(lastRecorded)) {
                lastRecorded = r.lastArrival();
            }
            if (!r.inSync()) {
                continue;
            }
            considered++;
            if (r.interval().compareTo(longest) > 0) {
                longest = r.interval();
            }
            if (HealthRules.missed(r, now, allowance) > 0) {
                silent++;
            }
        }
        if (considered == 0 || silent * 2 <= considered || !stale(lastRecorded, now, longest, s)) {
            return Optional.empty();
        }
        return Optional.of(new ControllerGap(lastRecorded, now));
    }
}
