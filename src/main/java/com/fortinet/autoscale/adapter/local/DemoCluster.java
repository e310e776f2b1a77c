package com.fortinet.autoscale.adapter.local;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import java.util.List;

/** The small cluster the local runner serves when no scale-sets file is named: fixed vmIds to try at once. */
public final class DemoCluster {
    private DemoCluster() {}

    public static List<Member> members() {
        return List.of(
                member("11111111-1111-4111-8111-111111111111", "byol", Member.Licensing.BYOL, "0", "10.0.1.4"),
                member("22222222-2222-4222-8222-222222222222", "byol", Member.Licensing.BYOL, "1", "10.0.1.5"),
                member("33333333-3333-4333-8333-333333333333", "payg", Member.Licensing.PAYG, "0", "10.0.1.6"),
                member("44444444-4444-4444-8444-444444444444", "payg", Member.Licensing.PAYG, "1", "10.0.1.7"));
    }

    private static Member member(String vmId, String set, Member.Licensing licensing, String instance, String ip) {
        return new Member(VmId.of(vmId), set, licensing, instance, ip);
    }
}
