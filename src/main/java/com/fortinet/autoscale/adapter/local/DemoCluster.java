package com.fortinet.autoscale.adapter.local;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import java.util.List;

/**
 * The small cluster the local runner serves when no scale-sets file is named: fixed vmIds to try at once. Each
 * FortiGate has two NICs as in the deployment: port1 in the external subnet, port2 in the internal one.
 */
public final class DemoCluster {
    /** The demo's virtual network, as an ARM resource id (it exists nowhere). */
    public static final String VNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local"
            + "/providers/Microsoft.Network/virtualNetworks/demo-vnet";

    private DemoCluster() {}

    public static List<Member> members() {
        return List.of(
                member("11111111-1111-4111-8111-111111111111", "byol", Member.Licensing.BYOL, "0", 4),
                member("22222222-2222-4222-8222-222222222222", "byol", Member.Licensing.BYOL, "1", 5),
                member("33333333-3333-4333-8333-333333333333", "payg", Member.Licensing.PAYG, "0", 6),
                member("44444444-4444-4444-8444-444444444444", "payg", Member.Licensing.PAYG, "1", 7));
    }

    private static Member member(String vmId, String set, Member.Licensing licensing, String instance, int host) {
        String external = "10.0.1." + host;
        return new Member(VmId.of(vmId), set, licensing, instance, external, List.of(
                new Member.NetworkInterface(0, List.of(external), VNET + "/subnets/fortigate-external"),
                new Member.NetworkInterface(1, List.of("10.0.2." + host), VNET + "/subnets/fortigate-internal")));
    }
}
