package com.fortinet.autoscale.domain.election;

import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.HealthRules;
import com.fortinet.autoscale.domain.settings.Settings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** Who may be primary and who wins (SPEC §4), as pure functions. */
public final class ElectionRules {
    private ElectionRules() {}

    /**
     * Eligible: its private IP is known (secondaries must be told one), healthy, in-sync, no heartbeat missed at
     * {@code now}, and still a member of a scale set ({@code isMember}). The preferred group is applied by
     * {@link #choose}.
     */
    public static boolean isEligible(HealthRecord r, Instant now, Settings settings, Predicate<VmId> isMember) {
        return r.privateIp() != null && !r.privateIp().isBlank()
                && HealthRules.isHealthy(r, now, settings)
                && !HealthRules.isLate(r, now, settings)
                && isMember.test(r.vmId());
    }

    /**
     * Whether the cluster needs an election: there is no primary, its record is gone, its IP is unknown (an
     * older record: nobody could be told it), or it is unhealthy or lost at {@code now}.
     */
    public static boolean needsElection(Primary primary, HealthRecord primaryRecord, Instant now, Settings settings) {
        if (primary == null || primaryRecord == null || primary.privateIp() == null) {
            return true;
        }
        return !HealthRules.isHealthy(primaryRecord, now, settings) || HealthRules.isLost(primaryRecord, now, settings);
    }

    /** A winner and why it won. */
    public record Choice(HealthRecord winner, Score score) {}

    /**
     * The winner among the eligible records: from the preferred group when any of it is eligible, else from
     * all eligible records; highest score, then earliest first heartbeat, then smallest vmId.
     */
    public static Optional<HealthRecord> choose(Collection<HealthRecord> records, Instant now, Settings settings,
                                                Predicate<VmId> isMember) {
        return chooseWithScore(records, now, settings, isMember).map(Choice::winner);
    }

    /** {@link #choose}, with the winner's score. */
    public static Optional<Choice> chooseWithScore(Collection<HealthRecord> records, Instant now, Settings settings,
                                                   Predicate<VmId> isMember) {
        List<HealthRecord> eligible = records.stream()
                .filter(r -> isEligible(r, now, settings, isMember))
                .toList();
        List<HealthRecord> candidates = preferred(eligible, settings);
        Map<VmId, Score> scores = scores(candidates);
        return candidates.stream().min(Comparator
                        .comparing((HealthRecord r) -> -scores.get(r.vmId()).total())
                        .thenComparing(HealthRecord::firstSeen)
                        .thenComparing(HealthRecord::vmId))
                .map(r -> new Choice(r, scores.get(r.vmId())));
    }

    /** The eligible records of the preferred group when it has any, else all eligible records. */
    private static List<HealthRecord> preferred(List<HealthRecord> eligible, Settings settings) {
        Optional<String> preferred = settings.preferredPrimaryGroup();
        if (preferred.isEmpty()) {
            return eligible;
        }
        List<HealthRecord> inGroup = eligible.stream()
                .filter(r -> r.scalingGroup().equals(preferred.get()))
                .toList();
        return inGroup.isEmpty() ? eligible : inGroup;
    }

    /** Every candidate's score: the {@link Criterion criteria} of SPEC §4 it meets among these candidates. */
    public static Map<VmId, Score> scores(List<HealthRecord> candidates) {
        Map<String, List<HealthRecord>> groups = new HashMap<>();
        for (HealthRecord r : candidates) {
            if (r.checksum() != null) {
                groups.computeIfAbsent(r.checksum(), k -> new ArrayList<>()).add(r);
            }
        }
        String latestGroup = groupHoldingLatestSync(candidates, groups);
        String largestGroup = largestGroup(groups);
        Map<VmId, Score> scores = new HashMap<>();
        for (HealthRecord r : candidates) {
            Set<Criterion> met = EnumSet.noneOf(Criterion.class);
            if (Boolean.TRUE.equals(r.isPrimary())) {
                met.add(Criterion.SAYS_PRIMARY);
            }
            String checksum = r.checksum();
            if (checksum != null) {
                List<HealthRecord> group = groups.get(checksum);
                if (checksum.equals(latestGroup)) {
                    met.add(Criterion.GROUP_HOLDS_LATEST_SYNC);
                }
                if (r.syncTime() != null && r.syncTime().equals(latestSync(group))) {
                    met.add(Criterion.LATEST_SYNC_IN_GROUP);
                }
                if (checksum.equals(largestGroup)) {
                    met.add(Criterion.IN_LARGEST_GROUP);
                }
                if (group.size() >= 2) {
                    met.add(Criterion.SHARES_CHECKSUM);
                }
                met.add(Criterion.HAS_CHECKSUM);
            }
            scores.put(r.vmId(), new Score(met));
        }
        return scores;
    }

    private static Instant latestSync(List<HealthRecord> records) {
        return records.stream().map(HealthRecord::syncTime).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
    }

    /** The checksum group holding the latest sync time of all candidates, if exactly one group holds it. */
    private static String groupHoldingLatestSync(List<HealthRecord> candidates, Map<String, List<HealthRecord>> groups) {
        Instant latest = latestSync(candidates.stream().filter(r -> r.checksum() != null).toList());
        if (latest == null) {
            return null;
        }
        List<String> holders = groups.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(r -> latest.equals(r.syncTime())))
                .map(Map.Entry::getKey)
                .toList();
        return holders.size() == 1 ? holders.get(0) : null;
    }

    /** The single largest checksum group of two or more, if there is one. */
    private static String largestGroup(Map<String, List<HealthRecord>> groups) {
        int largest = groups.values().stream().mapToInt(List::size).max().orElse(0);
        if (largest < 2) {
            return null;
        }
        List<String> biggest = groups.entrySet().stream()
                .filter(e -> e.getValue().size() == largest)
                .map(Map.Entry::getKey)
                .toList();
        return biggest.size() == 1 ? biggest.get(0) : null;
    }
}
