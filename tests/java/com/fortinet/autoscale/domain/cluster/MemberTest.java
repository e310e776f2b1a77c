package com.fortinet.autoscale.domain.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemberTest {
    private static final VmId VM = VmId.of("6d3f0c52-7a1e-4b8e-9d2a-1f0e5c7b9a10");
    private static final String VNET = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/fgt-vnet";

    @Test
    void privateIpsListsThePrimaryIpFirstThenEveryNicsIpsWithoutRepeats() {
        Member m = new Member(VM, "byol", Member.Licensing.BYOL, "0", "10.0.1.4", List.of(
                new Member.NetworkInterface(0, List.of("10.0.1.4", "10.0.1.100"), VNET + "/subnets/external"),
                new Member.NetworkInterface(1, List.of("10.0.2.4", "10.0.1.4"), VNET + "/subnets/internal")));

        assertEquals(List.of("10.0.1.4", "10.0.1.100", "10.0.2.4"), m.privateIps());
        assertEquals("10.0.1.4", m.privateIp());
        assertEquals(Optional.of("10.0.2.4"), m.networkInterface(1).flatMap(Member.NetworkInterface::privateIp));
        assertEquals(Optional.empty(), m.networkInterface(2));
    }

    @Test
    void theVirtualNetworkAndSubnetAreThoseOfThePrimaryNic() {
        Member m = new Member(VM, "byol", Member.Licensing.BYOL, "0", "10.0.1.4", List.of(
                new Member.NetworkInterface(0, List.of("10.0.2.4"), VNET + "/subnets/internal"),
                new Member.NetworkInterface(1, List.of("10.0.1.4"), VNET + "/subnets/external")));

        assertEquals(Optional.of(VNET + "/subnets/external"), m.subnetId());
        assertEquals(Optional.of(VNET), m.virtualNetworkId());
        assertEquals(Optional.of("fgt-vnet"), m.primaryNetworkInterface().flatMap(Member.NetworkInterface::virtualNetworkName));
        assertEquals(Optional.of("external"), m.primaryNetworkInterface().flatMap(Member.NetworkInterface::subnetName));
    }

    @Test
    void aMemberKnownOnlyByItsIpHasOneNicWithThatIpAndNoNetwork() {
        Member m = new Member(VM, "payg", Member.Licensing.PAYG, "3", "10.0.1.9");

        assertEquals(List.of("10.0.1.9"), m.privateIps());
        assertEquals(1, m.networkInterfaces().size());
        assertEquals(Optional.empty(), m.virtualNetworkId());
        assertEquals(Optional.empty(), m.subnetId());
    }

    @Test
    void aMemberWithoutAnIpHasNoPrivateIps() {
        Member m = new Member(VM, "payg", Member.Licensing.PAYG, "3", null);

        assertEquals(List.of(), m.privateIps());
        assertEquals(List.of(), m.networkInterfaces());
    }

    @Test
    void aPrivateIpOnNoneOfTheNicsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Member(VM, "byol",
                Member.Licensing.BYOL, "0", "10.9.9.9", List.of(new Member.NetworkInterface(0, List.of("10.0.1.4"), null))));

        assertEquals("privateIp 10.9.9.9 is on none of the member's NICs", e.getMessage());
    }

    @Test
    void aSubnetIdThatIsNoArmIdGivesNoNetworkName() {
        Member.NetworkInterface nic = new Member.NetworkInterface(0, List.of("10.0.1.4"), "external");

        assertEquals(Optional.empty(), nic.virtualNetworkId());
        assertEquals(Optional.empty(), nic.virtualNetworkName());
        assertEquals(Optional.empty(), nic.subnetName());
    }
}
