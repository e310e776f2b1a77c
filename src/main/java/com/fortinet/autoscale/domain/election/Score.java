package com.fortinet.autoscale.domain.election;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** The criteria a candidate meets, and their weights added up. */
public record Score(Set<Criterion> criteria) {
    public static final Score NONE = new Score(Set.of());

    public Score {
        criteria = criteria.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(criteria));
    }

    public int total() {
        return criteria.stream().mapToInt(Criterion::weight).sum();
    }

    /** The criteria met, highest weight first, comma-separated ({@code none} when none). */
    public String describe() {
        if (criteria.isEmpty()) {
            return "none";
        }
        return EnumSet.copyOf(criteria).stream().map(Criterion::wireName).collect(Collectors.joining(","));
    }
}
