package com.fortinet.autoscale.domain.health;

import com.fortinet.autoscale.domain.cluster.Member;
import java.util.Objects;

/**
 * Where a FortiGate is: its scale set (the "scaling group"), its private IP (what secondaries sync to when
 * it is primary) and its VMSS instance id (scaling events name VMs by it; may be null).
 */
public record Placement(String scalingGroup, String privateIp, String instanceId) {
    public Placement {
        Objects.requireNonNull(scalingGroup, "scalingGroup");
    }

    /** Where the scale set says the member is. */
    public static Placement of(Member member) {
        return new Placement(member.scaleSet(), member.privateIp(), member.instanceId());
    }
}
