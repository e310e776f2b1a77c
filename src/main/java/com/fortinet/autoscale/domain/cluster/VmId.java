package com.fortinet.autoscale.domain.cluster;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** A FortiGate's Azure vmId: the GUID of the instance metadata service, kept in lower case. */
public record VmId(String value) implements Comparable<VmId> {
    private static final Pattern GUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public VmId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("vmId is missing");
        }
        value = value.trim().toLowerCase(Locale.ROOT);
        if (!GUID.matcher(value).matches()) {
            throw new IllegalArgumentException("vmId is not a GUID");
        }
    }

    public static VmId of(String value) {
        return new VmId(value);
    }

    /**
     * The FortiGate's hostname: the vmId without its hyphens (32 characters). FortiOS holds at most 35
     * characters in {@code hostname}, so the 36-character vmId itself does not fit; FortiAnalyzer device
     * matching uses the same derivation.
     */
    public String hostname() {
        return value.replace("-", "");
    }

    /** The vmId a {@link #hostname()} (or a vmId itself, any case) stands for; empty for anything else. */
    public static Optional<VmId> fromHostname(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String s = name.trim().toLowerCase(Locale.ROOT);
        if (s.matches("[0-9a-f]{32}")) {
            s = s.substring(0, 8) + "-" + s.substring(8, 12) + "-" + s.substring(12, 16) + "-" + s.substring(16, 20)
                    + "-" + s.substring(20);
        }
        return GUID.matcher(s).matches() ? Optional.of(new VmId(s)) : Optional.empty();
    }

    @Override
    public int compareTo(VmId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
