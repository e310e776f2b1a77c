package com.fortinet.autoscale.domain.cluster;

import java.util.List;
import java.util.Optional;

/**
 * The managed scale sets as the platform reports them. Adapters cache, so a lookup of a known vmId on the
 * heartbeat path costs no call to the platform.
 */
public interface ScaleSets {
    /** The FortiGate with that vmId, if it is a member of a managed scale set. */
    Optional<Member> find(VmId vmId);

    /** Every member of every managed scale set. */
    List<Member> members();

    /** Deletes the instance from its scale set ({@code terminate-unhealthy-vm}). */
    void terminate(Member member);
}
