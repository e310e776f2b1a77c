package com.fortinet.autoscale.domain.cluster;

import java.util.Objects;

/**
 * A FortiGate as its scale set knows it: the scale set's name (the "scaling group"), how it is licensed,
 * the VMSS instance id (used by scaling events, which name VMs by resource id), and its private IP.
 */
public record Member(VmId vmId, String scaleSet, Licensing licensing, String instanceId, String privateIp) {
    public Member {
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(scaleSet, "scaleSet");
        Objects.requireNonNull(licensing, "licensing");
    }

    /** How the FortiGates of a scale set are licensed. */
    public enum Licensing {
        BYOL,
        PAYG
    }
}
