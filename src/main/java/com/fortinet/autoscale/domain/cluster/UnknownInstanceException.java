package com.fortinet.autoscale.domain.cluster;

/** The vmId belongs to no managed scale set (SPEC §2: 404). */
public final class UnknownInstanceException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final VmId vmId;

    public UnknownInstanceException(VmId vmId) {
        super("vmId " + vmId + " is in no managed scale set");
        this.vmId = vmId;
    }

    public VmId vmId() {
        return vmId;
    }
}
