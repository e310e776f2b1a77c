package com.fortinet.autoscale.domain.cluster;

import java.util.Locale;
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

    @Override
    public int compareTo(VmId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
