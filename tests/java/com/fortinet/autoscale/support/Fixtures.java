package com.fortinet.autoscale.support;

import com.fortinet.autoscale.domain.health.Heartbeat;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import java.time.Duration;
import java.time.Instant;

/** Small builders for test data. */
public final class Fixtures {
    private Fixtures() {}

    /** A vmId made from a number, e.g. {@code vm(1)} = 00000000-0000-4000-8000-000000000001. */
    public static VmId vm(int n) {
        return VmId.of(String.format("00000000-0000-4000-8000-%012d", n));
    }

    public static Member byol(int n) {
        return new Member(vm(n), "byol", Member.Licensing.BYOL, String.valueOf(n), "10.0.1." + n);
    }

    public static Member payg(int n) {
        return new Member(vm(n), "payg", Member.Licensing.PAYG, String.valueOf(n), "10.0.2." + n);
    }

    /** A heartbeat of an older FortiOS: instance and interval only. */
    public static Heartbeat beat(int n, double intervalSeconds) {
        return Heartbeat.minimal(vm(n), seconds(intervalSeconds));
    }

    public static Heartbeat beat(VmId vmId, double intervalSeconds, long sequence, Instant deviceTime) {
        return new Heartbeat(vmId, seconds(intervalSeconds), sequence, deviceTime, null, null, null, null, null);
    }

    public static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1_000_000_000L));
    }
}
