package com.fortinet.autoscale.domain;

import com.fortinet.autoscale.domain.port.HealthRecords;
import com.fortinet.autoscale.domain.port.LicenseUsage;
import java.time.Duration;
import java.time.Instant;
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
 * the record's cached version, and every BYOL license the vmId held is released (SPEC §6 rule 3).
 *
 * <p>Which vmIds have left is the caller's decision, always taken the same way: the health records are
 * read <em>first</em> and the scale sets' members <em>after</em>, so a record written by a FortiGate that
 * just joined (whose membership some other process saw in the platform) is always among the members read.
 *
 * <p>Idempotent: removing what is already gone is a no-op. A license is released by a delete conditional
 * on the version that was read, so a license claimed again meanwhile is never released by mistake.
 */
public final class InstanceCleanup {
    /**
     * A license held by a vmId that is no member and has no health record is released only once the claim is
     * this old: a FortiGate claims its license at first boot, before its first heartbeat, and the membership
     * snapshot read by this run may be a moment older than that claim.
     */
    public static final Duration ORPHAN_LICENSE_GRACE = Duration.ofMinutes(5);

    private final HealthRecords records;
    private final LicenseUsage licenses;
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
    public InstanceCleanup(HealthRecords records, LicenseUsage licenses, Consumer<VmId> forget) {
        this.records = Objects.requireNonNull(records, "records");
        this.licenses = Objects.requireNonNull(licenses, "licenses");
        this.forget = forget == null ? vm -> { } : forget;
    }

    /** Removes the health records of these FortiGates and releases their licenses. */
    public Removed remove(Collection<VmId> gone) {
        if (gone.isEmpty()) {
            return Removed.NOTHING;
        }
        Set<VmId> vmIds = new LinkedHashSet<>(gone);
        List<VmId> removed = new ArrayList<>();
        for (VmId vm : vmIds) {
            if (records.delete(vm)) {
                removed.add(vm);
            }
            forget.accept(vm);
        }
        int released = 0;
        for (Versioned<LicenseAssignment> held : licenses.readAll()) {
            if (vmIds.contains(held.value().vmId()) && licenses.delete(held.value().licenseSha256(), held.version())) {
                released++;
            }
        }
        return new Removed(removed, released);
    }

    /**
     * Releases the licenses held by vmIds that are no members, have no health record (they never sent a
     * heartbeat, or their record went first) and were claimed more than {@link #ORPHAN_LICENSE_GRACE} ago.
     *
     * @return how many licenses were released
     */
    public int releaseOrphanLicenses(Set<VmId> members, Set<VmId> withRecords, Instant now) {
        Instant claimedBefore = now.minus(ORPHAN_LICENSE_GRACE);
        int released = 0;
        for (Versioned<LicenseAssignment> held : licenses.readAll()) {
            LicenseAssignment a = held.value();
            if (!members.contains(a.vmId()) && !withRecords.contains(a.vmId()) && a.assignedAt().isBefore(claimedBefore)
                    && licenses.delete(a.licenseSha256(), held.version())) {
                released++;
            }
        }
        return released;
    }
}
