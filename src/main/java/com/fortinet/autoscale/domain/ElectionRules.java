package com.fortinet.autoscale.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** Who may be primary and who wins (SPEC §4), as pure functions. */
public final class ElectionRules {
    private ElectionRules() {}

    /**
     * Eligible: healthy, in-sync, no heartbeat missed at {@code now}, and still a member of a scale set
     * ({@code isMember}). The preferred group is applied by {@link #choose}.
     */
    public static boolean isEligible(HealthRecord r, Instant now, Settings settings, Predicate<VmId> isMember) {
        return r.inSync()
                && HealthRules.isHealthy(r, now, settings)
                && HealthRules.missed(r, now, settings.heartbeatDelayAllowance()) == 0
                && isMember.test(r.vmId());
    }

    /**
     * Whether the cluster needs an election: there is no primary, its record is gone, or it is unhealthy
     * or lost at {@code now}.
     */
    public static boolean needsElection(Primary primary, HealthRecord primaryRecord, Instant now, Settings settings) {
        if (primary == null || primaryRecord == null) {
            return true;
        }
        return !HealthRules.isHealthy(primaryRecord, now, settings) || HealthRules.isLost(primaryRecord, now, settings);
    }

    /**
     * The winner among the eligible records: from the preferred group when any of it is eligible, else from
     * all eligible records; highest score, then earliest first heartbeat, then smallest vmId.
     */
    public static Optional<HealthRecord> choose(Collection<HealthRecord> records, Instant now, Settings settings,
                                                Predicate<VmId> isMember) {
        List<HealthRecord> eligible = records.stream()
                .filter(r -> isEligible(r, now, settings, isMember))
                .toList();
        Optional<String> preferred = settings.preferredPrimaryGroup();
        List<HealthRecord> candidates = eligible;
        if (preferred.isPresent()) {
            List<HealthRecord> inGroup = eligible.stream()
                    .filter(r -> r.scalingGroup().equals(preferred.get()))
                    .toList();
            if (!inGroup.isEmpty()) {
                candidates = inGroup;
            }
        }
        Map<VmId, Integer> scores = scores(candidates);
        return candidates.stream().min(Comparator
                .comparing((HealthRecord r) -> -scores.get(r.vmId()))
                .thenComparing(HealthRecord::firstSeen)
                .thenComparing(HealthRecord::vmId));
    }

    /**
     * The score table of SPEC §4: 64 if the device says it is primary; 16 if its checksum group holds the
     * single latest sync time; 8 if it has the latest sync time within its checksum group; 4 if it is in the
     * single largest checksum group (of 2 or more); 2 if it shares its checksum with another candidate;
     * 1 if it has a checksum.
     */
    public static Map<VmId, Integer> scores(List<HealthRecord> candidates) {
        Map<String, List<HealthRecord>> groups = new HashMap<>();
        for (HealthRecord r : candidates) {
            if (r.checksum() != null) {
                groups.computeIfAbsent(r.checksum(), k -> new ArrayList<>()).add(r);
            }
        }
        // The group holding the latest sync time, if exactly one group holds it.
        Instant latest = null;
        for (HealthRecord r : candidates) {
            if (r.checksum() != null && r.syncTime() != null && (latest == null || r.syncTime().isAfter(latest))) {
                latest = r.syncTime();
            }
        }
        String latestGroup = null;
        if (latest != null) {
            Instant l = latest;
            List<String> holders = groups.entrySet().stream()
                    .filter(e -> e.getValue().stream().anyMatch(r -> l.equals(r.syncTime())))
                    .map(Map.Entry::getKey)
                    .toList();
            if (holders.size() == 1) {
                latestGroup = holders.get(0);
            }
        }
        // The single largest group of two or more.
        int largest = groups.values().stream().mapToInt(List::size).max().orElse(0);
        String largestGroup = null;
        if (largest >= 2) {
            List<String> biggest = groups.entrySet().stream()
                    .filter(e -> e.getValue().size() == largest)
                    .map(Map.Entry::getKey)
                    .toList();
            if (biggest.size() == 1) {
                largestGroup = biggest.get(0);
            }
        }
        Map<VmId, Integer> scores = new HashMap<>();
        for (HealthRecord r : candidates) {
            int score = 0;
            if (Boolean.TRUE.equals(r.isPrimary())) {
                score += 64;
            }
            String checksum = r.checksum();
            if (checksum != null) {
                List<HealthRecord> group = groups.get(checksum);
                if (checksum.equals(latestGroup)) {
                    score += 16;
                }
                Instant groupLatest = group.stream().map(HealthRecord::syncTime).filter(Objects::nonNull)
                        .max(Comparator.naturalOrder()).orElse(null);
                if (r.syncTime() != null && r.syncTime().equals(groupLatest)) {
                    score += 8;
                }
                if (checksum.equals(largestGroup)) {
                    score += 4;
                }
                if (group.size() >= 2) {
                    score += 2;
                }
                score += 1;
            }
            scores.put(r.vmId(), score);
        }
        return scores;
    }
}
