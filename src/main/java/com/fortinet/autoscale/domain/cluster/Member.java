package com.fortinet.autoscale.domain.cluster;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A FortiGate as its scale set knows it: the scale set's name (the "scaling group"), how it is licensed,
 * the VMSS instance id (used by scaling events, which name VMs by resource id), its private IP and its
 * network interfaces.
 *
 * <p>{@code privateIp} is the primary IP configuration of the VM's primary NIC: the address the cluster
 * knows the FortiGate by (election record, {@code primary-ip}). {@code networkInterfaces} are the NICs in
 * FortiOS port order as far as the platform tells it (the primary NIC first, as {@code port1}, then the
 * others in the order the VM lists them); a source that knows only the primary IP gives one NIC with it.
 */
public record Member(VmId vmId, String scaleSet, Licensing licensing, String instanceId, String privateIp,
                     List<NetworkInterface> networkInterfaces) {
    public Member {
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(scaleSet, "scaleSet");
        Objects.requireNonNull(licensing, "licensing");
        networkInterfaces = networkInterfaces == null ? List.of() : List.copyOf(networkInterfaces);
        if (privateIp != null && !networkInterfaces.isEmpty()
                && networkInterfaces.stream().noneMatch(n -> n.privateIps().contains(privateIp))) {
            throw new IllegalArgumentException("privateIp " + privateIp + " is on none of the member's NICs");
        }
    }

    /** A member whose only known NIC carries {@code privateIp} (sources that know nothing more). */
    public Member(VmId vmId, String scaleSet, Licensing licensing, String instanceId, String privateIp) {
        this(vmId, scaleSet, licensing, instanceId, privateIp,
                privateIp == null ? List.of() : List.of(new NetworkInterface(0, List.of(privateIp), null)));
    }

    /**
     * Every private IP of every NIC, the primary IP first, without repeats: the addresses a request from
     * this FortiGate may come from.
     */
    public List<String> privateIps() {
        Set<String> ips = new LinkedHashSet<>();
        if (privateIp != null) {
            ips.add(privateIp);
        }
        networkInterfaces.forEach(n -> ips.addAll(n.privateIps()));
        return List.copyOf(new ArrayList<>(ips));
    }

    /** The NIC at that position ({@code 0} is {@code port1}), if the platform reported it. */
    public Optional<NetworkInterface> networkInterface(int index) {
        return networkInterfaces.stream().filter(n -> n.index() == index).findFirst();
    }

    /** The NIC that carries {@link #privateIp}; else the first one. */
    public Optional<NetworkInterface> primaryNetworkInterface() {
        return networkInterfaces.stream().filter(n -> privateIp != null && n.privateIps().contains(privateIp))
                .findFirst().or(() -> networkInterfaces.stream().findFirst());
    }

    /** The ARM resource id of the primary NIC's virtual network, when the platform reported its subnet. */
    public Optional<String> virtualNetworkId() {
        return primaryNetworkInterface().flatMap(NetworkInterface::virtualNetworkId);
    }

    /** The ARM resource id of the primary NIC's subnet, when the platform reported it. */
    public Optional<String> subnetId() {
        return primaryNetworkInterface().map(NetworkInterface::subnetId);
    }

    /** How the FortiGates of a scale set are licensed. */
    public enum Licensing {
        BYOL,
        PAYG
    }

    /**
     * One network interface of a member.
     *
     * @param index      its position on the FortiGate: 0 is {@code port1}, 1 is {@code port2}, …
     * @param privateIps its private IPs, the primary IP configuration's first; may be empty while Azure assigns
     * @param subnetId   the ARM resource id of the primary IP configuration's subnet
     *                   ({@code /subscriptions/…/virtualNetworks/<vnet>/subnets/<subnet>}), or null when unknown
     */
    public record NetworkInterface(int index, List<String> privateIps, String subnetId) {
        private static final String VNETS = "/virtualnetworks/";
        private static final String SUBNETS = "/subnets/";

        public NetworkInterface {
            if (index < 0) {
                throw new IllegalArgumentException("index must be 0 or more, got " + index);
            }
            privateIps = privateIps == null ? List.of()
                    : privateIps.stream().filter(Objects::nonNull).distinct().toList();
        }

        /** The primary IP configuration's private IP, if any. */
        public Optional<String> privateIp() {
            return privateIps.stream().findFirst();
        }

        /** The virtual network's ARM resource id: {@link #subnetId} without its {@code /subnets/…} tail. */
        public Optional<String> virtualNetworkId() {
            int at = subnetId == null ? -1 : subnetId.toLowerCase(Locale.ROOT).lastIndexOf(SUBNETS);
            return at < 0 ? Optional.empty() : Optional.of(subnetId.substring(0, at));
        }

        /** The virtual network's name (the segment after {@code /virtualNetworks/}), as the original product had it. */
        public Optional<String> virtualNetworkName() {
            return virtualNetworkId().flatMap(NetworkInterface::lastSegmentAfterVnets);
        }

        /** The subnet's name (the segment after {@code /subnets/}), as the original product had it. */
        public Optional<String> subnetName() {
            int at = subnetId == null ? -1 : subnetId.toLowerCase(Locale.ROOT).lastIndexOf(SUBNETS);
            return at < 0 ? Optional.empty() : Optional.of(subnetId.substring(at + SUBNETS.length()))
                    .filter(s -> !s.isEmpty());
        }

        private static Optional<String> lastSegmentAfterVnets(String vnetId) {
            int at = vnetId.toLowerCase(Locale.ROOT).lastIndexOf(VNETS);
            return at < 0 ? Optional.empty() : Optional.of(vnetId.substring(at + VNETS.length()))
                    .filter(s -> !s.isEmpty() && !s.contains("/"));
        }
    }
}
