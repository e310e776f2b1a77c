package com.fortinet.autoscale.domain.fortianalyzer;

import com.fortinet.autoscale.domain.cluster.VmId;

import java.util.Optional;

/**
 * A device as the FortiAnalyzer reports it in its device list. Every field but the name comes from the
 * device itself and is untrusted: {@link FazAuthorizationService} decides which devices are the cluster's.
 *
 * @param name         the FortiAnalyzer's device name (an unauthorized device is named by its hostname)
 * @param hostname     the hostname the device reported; null when the FortiAnalyzer did not say
 * @param serialNumber the device's serial number; null when not reported
 * @param ip           the IP the device connected from; null when not reported
 * @param authorized   false while the device waits for authorization ("unregistered" in the FortiAnalyzer)
 */
public record FazDevice(String name, String hostname, String serialNumber, String ip, boolean authorized) {
    public FazDevice {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is missing");
        }
        hostname = blankToNull(hostname);
        serialNumber = blankToNull(serialNumber);
        ip = blankToNull(ip);
    }

    /**
     * The vmId this device claims to be: the built-in {@code baseconfig} sets a FortiGate's hostname to its
     * vmId without hyphens ({@link VmId#hostname()}: FortiOS holds 35 characters, a vmId has 36), and the
     * FortiAnalyzer names an unauthorized device by its hostname. A device claims a vmId only when its name is
     * that derivation (or the vmId itself) and its hostname, if reported, names the same vmId; anything else
     * claims nothing.
     */
    public Optional<VmId> claimedVmId() {
        Optional<VmId> fromName = VmId.fromHostname(name);
        if (fromName.isEmpty()) {
            return Optional.empty();
        }
        if (hostname != null && !VmId.fromHostname(hostname).equals(fromName)) {
            return Optional.empty();
        }
        return fromName;
    }

    /** The name made safe for one log line (it comes from the device). */
    public String printableName() {
        return printable(name);
    }

    static String printable(String s) {
        if (s == null) {
            return "";
        }
        String flat = s.replaceAll("\\p{Cntrl}", "?");
        return flat.length() > 80 ? flat.substring(0, 80) + "…" : flat;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
