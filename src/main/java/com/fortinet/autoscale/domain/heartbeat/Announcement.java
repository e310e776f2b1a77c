package com.fortinet.autoscale.domain.heartbeat;

import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.election.Primary;
import java.util.Optional;

/**
 * Whether a heartbeat's answer names the primary (behaviour §4, Announcing): the device is told until it agrees.
 *
 * <ul>
 *   <li>The primary's IP differs from what the device was last told: always (older FortiOS sends no
 *       {@code is_primary}, so a change is all there is to go by).</li>
 *   <li>The heartbeat carries {@code is_primary} and it disagrees with the election (a secondary saying
 *       {@code true}, the primary saying {@code false}): on every such heartbeat, so an answer lost on the way
 *       is repeated, and a demoted primary cannot go on believing it is primary.</li>
 * </ul>
 * Never when there is no primary or its IP is unknown.
 */
public final class Announcement {
    private Announcement() {}

    /**
     * @param primary        the cluster's primary, if any
     * @param device         the heartbeat's device
     * @param saysPrimary    the heartbeat's {@code is_primary}, null when absent
     * @param knownPrimaryIp the primary IP the device was last told, null when never
     * @return the IP to answer with, or empty for an empty answer
     */
    public static Optional<String> decide(Optional<Primary> primary, VmId device, Boolean saysPrimary,
                                          String knownPrimaryIp) {
        if (primary.isEmpty() || primary.get().privateIp() == null) {
            return Optional.empty();
        }
        String ip = primary.get().privateIp();
        if (!ip.equals(knownPrimaryIp)) {
            return Optional.of(ip);
        }
        boolean elected = primary.get().vmId().equals(device);
        if (saysPrimary != null && saysPrimary != elected) {
            return Optional.of(ip);
        }
        return Optional.empty();
    }
}
