package com.fortinet.autoscale.domain.lifecycle;

import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.heartbeat.HeartbeatService;
import com.fortinet.autoscale.domain.licensing.LicenseService;

import com.fortinet.autoscale.domain.health.HealthRecords;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one clean-up rule for FortiGates that have left their scale set (scale-in, deletion, termination),
 * shared by the health monitor and by scaling events: the health record is removed, this process forgets
 * the record's cached version, and every BYOL license the vmId held is released (SPEC §6 rule 3, through
 * {@link LicenseService#release(VmId, String)}).
 *
 * <p>Which vmIds have left is the caller's decision, always taken the same way: the health records are
 * read <em>first</em> and the scale sets' members <em>after</em> ({@code ScaleSets.members()} reads the
 * platform), so a record written by a FortiGate that just joined (whose membership some other process saw
 * in the platform) is always among the members read.
 *
 * <p>Idempotent: removing what is already gone is a no-op; a license is released by a delete conditional on
 * the version read, so a license claimed again meanwhile is never released by mistake.
 */
public final class InstanceCleanup {
    private final HealthRecords records;
    private final LicenseService licenses;
    private final Consumer<VmId> forget;

    /** What a clean-up removed. */
    public record Removed(List<VmId> records, int licensesReleased) {
        public static final Removed NOTHING = new Removed(List.of(), 0);

        public Removed {
            records = List.copyOf(records);
        }
    }

    /**
     * @param forget called for every vmId cleaned up, so the heartbeat path's cache of record versions drops
     *               it ({@code HeartbeatService::forget}); may be null
     */
    public InstanceCleanup(HealthRecords records, LicenseService licenses, Consumer<VmId> forget) {
        this.records = Objects.requireNonNull(records, "records");
        this.licenses = Objects.requireNonNull(licenses, "licenses");
        this.forget = forget == null ? vm -> { } : forget;
    }

    /** Removes the health records of these FortiGates and releases their licenses. */
    public Removed remove(Collection<VmId> gone, String cid) {
        if (gone.isEmpty()) {
            return Removed.NOTHING;
        }
        List<VmId> removed = new ArrayList<>();
        int released = 0;
        for (VmId vm : new LinkedHashSet<>(gone)) {
            if (records.delete(vm)) {
                removed.add(vm);
            }
            forget.accept(vm);
            released += licenses.release(vm, cid);
        }
        return new Removed(removed, released);
    }

    /**
     * Releases the licenses of vmIds that are in no managed scale set any more, whether or not they ever sent
     * a heartbeat (a FortiGate claims its license at first boot, before its first heartbeat).
     *
     * @param members the scale sets' members as the caller just read them (not read again)
     * @return how many licenses were released
     */
    public int releaseOrphanLicenses(Set<VmId> members, String cid) {
        return licenses.reclaim(members, cid);
    }
}
