package com.fortinet.autoscale.adapter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalScaleSetsFileTest {
    private static final VmId A = VmId.of("11111111-1111-4111-8111-111111111111");
    private static final VmId B = VmId.of("22222222-2222-4222-8222-222222222222");

    @Test
    void anInstanceMayListItsNicsAndItsIpDefaultsToTheFirstNics() {
        Map<VmId, Member> members = LocalScaleSetsFile.parse("""
                {"scaleSets":[{"name":"byol","licensing":"byol","instances":[
                  {"vmId":"%s","networkInterfaces":[
                    {"privateIp":"10.0.1.4","subnetId":"/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/ext"},
                    {"privateIp":"10.0.2.4"}]},
                  {"vmId":"%s","privateIp":"10.0.1.5"}]}]}""".formatted(A, B));

        Member a = members.get(A);
        assertEquals("10.0.1.4", a.privateIp());
        assertEquals(List.of("10.0.1.4", "10.0.2.4"), a.privateIps());
        assertEquals(Optional.of("/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v"),
                a.virtualNetworkId());
        assertEquals(List.of("10.0.1.5"), members.get(B).privateIps());
        assertEquals("0", a.instanceId());
        assertEquals("1", members.get(B).instanceId());
    }

    @Test
    void theDemoClusterHasTwoNicsPerFortiGateInTheDemoNetwork() {
        Member first = DemoCluster.members().get(0);

        assertEquals("10.0.1.4", first.privateIp());
        assertEquals(List.of("10.0.1.4", "10.0.2.4"), first.privateIps());
        assertEquals(Optional.of(DemoCluster.VNET), first.virtualNetworkId());
        assertEquals(Optional.of(DemoCluster.VNET + "/subnets/fortigate-external"), first.subnetId());
    }
}
