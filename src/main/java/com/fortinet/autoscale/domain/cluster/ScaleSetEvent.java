package com.fortinet.autoscale.domain.cluster;

import java.util.Objects;

/**
 * A change the platform reported on a scale set or one of its VMs (an Azure Event Grid resource event,
 * SPEC §2), reduced to what the clean-up needs. Events name VMs by resource id, so by scale set and VMSS
 * instance id, never by vmId.
 *
 * @param kind          what happened to the resource
 * @param resourceGroup the resource group of the scale set, as the resource id spells it
 * @param scaleSet      the scale set's name
 * @param instanceId    the VMSS instance id, or null when the event concerns the scale set itself
 * @param eventId       the delivery's event id (for the log; repeats carry the same id)
 */
public record ScaleSetEvent(Kind kind, String resourceGroup, String scaleSet, String instanceId, String eventId) {
    /** What happened to the resource. */
    public enum Kind {
        /** {@code Microsoft.Resources.ResourceDeleteSuccess}. */
        DELETED,
        /** {@code Microsoft.Resources.ResourceWriteSuccess}. */
        WRITTEN
    }

    public ScaleSetEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resourceGroup, "resourceGroup");
        Objects.requireNonNull(scaleSet, "scaleSet");
        if (instanceId != null && instanceId.isBlank()) {
            throw new IllegalArgumentException("instanceId is blank");
        }
    }

    /** Whether the event names one VM of the scale set (else the scale set itself). */
    public boolean namesVm() {
        return instanceId != null;
    }
}
