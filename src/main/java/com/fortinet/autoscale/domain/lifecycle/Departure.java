package com.fortinet.autoscale.domain.lifecycle;

import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.HealthRules;
import com.fortinet.autoscale.domain.settings.Settings;
import java.time.Instant;
import java.util.Set;

/**
 * The one rule for "this FortiGate has left its scale set" (scale-in, deletion, termination), used by the
 * health monitor and by scaling events before {@link InstanceCleanup} removes what it held.
 */
final class Departure {
    private Departure() {}

    /** What says the FortiGate stopped, beside a membership read that no longer lists it. */
    enum Evidence {
        /** The platform reported a change to its VM (a scaling event naming it). */
        PLATFORM_EVENT,
        /** Only its silence: it must have missed a heartbeat. */
        SILENCE
    }

    /**
     * Departed: the members, read <em>after</em> its record, no longer list it, and either the platform
     * reported its VM or it has missed a heartbeat. A membership read alone is not enough: it can lag
     * behind a VM that just joined, and a FortiGate still beating on time has not left.
     */
    static boolean hasDeparted(HealthRecord r, Set<VmId> members, Evidence evidence, Instant now, Settings s) {
        if (members.contains(r.vmId())) {
            return false;
        }
        return evidence == Evidence.PLATFORM_EVENT || HealthRules.isLate(r, now, s);
    }
}
