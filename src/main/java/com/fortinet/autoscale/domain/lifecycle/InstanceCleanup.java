package com.fortinet.autoscale.domain.lifecycle;

import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.heartbeat.HeartbeatService;
import com.fortinet.autoscale.domain.licensing.LicenseService;

import com.fortinet.autoscale.domain.health.HealthRecords;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

    /** What a clean-up removed: the records deleted, and per vmId cleaned up the licenses released. */
    public record Removed(List<VmId> records, Map<VmId, Integer> licenses) {
        public static final Removed NOTHING = new Removed(List.of(), Map.of());

        public Removed {
            records = List.copyOf(records);
            licenses = Map.copyOf(licenses);
        }

        /** How many licenses were released in all. */
        public int licensesReleased() {
            return licenses.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** How many licenses these vmIds held that were released. */
        public int licensesReleased(Collection<VmId> vmIds) {
            return new LinkedHashSet<>(vmIds).stream().mapToInt(vm -> licenses.getOrDefault(vm, 0)).sum();
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
        Map<VmId, Integer> released = new HashMap<>();
        for (VmId vm : new LinkedHashSet<>(gone)) {
            if (records.delete(vm)) {
                removed.add(vm);
            }
            forget.accept(vm);
            released.put(vm, licenses.release(vm, cid));
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

    /**
     * The scale sets that held licenses name ("" for a license that names none), read from the license usage:
     * a BYOL FortiGate claims its license at first boot, before its first heartbeat, so its scale set may hold
     * licenses while no health record names it yet.
     */
    public Set<String> scaleSetsHoldingLicenses() {
        return licenses.scaleSetsHoldingLicenses();
    }
}
