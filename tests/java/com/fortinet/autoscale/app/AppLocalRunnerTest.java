package com.fortinet.autoscale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fortinet.autoscale.adapter.compute.AzureScaleSets;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A local runner against real Azure scale sets reads them but deletes nothing unless explicitly allowed. */
class AppLocalRunnerTest {
    private static final Map<String, String> AZURE = Map.of(
            AppSettings.AZURE_SUBSCRIPTION_ID, "11111111-2222-3333-4444-555555555555",
            AppSettings.RESOURCE_GROUP, "fgt-rg");

    @Test
    void theLocalRunnersAzureScaleSetsRefuseToDelete() {
        // Setup
        Member member = new Member(VmId.of("11111111-1111-4111-8111-111111111111"), "byol", Member.Licensing.BYOL,
                "0", "10.0.1.4");
        StaticScaleSets real = new StaticScaleSets(List.of(member));

        // Invoke
        new PlatformAdapters.NoTermination(real).terminate(member);

        // Verify
        assertEquals(List.of(), real.terminated());
        assertEquals(List.of(member), new PlatformAdapters.NoTermination(real).members(), "reads pass through");
        assertInstanceOf(PlatformAdapters.NoTermination.class, App.forLocalRunner(AppSettings.of(AZURE)).scaleSets());
    }

    @Test
    void theFlagOrTheFunctionsHostGetsTheRealAdapter() {
        AppSettings allowed = AppSettings.of(AZURE).with(Map.of(AppSettings.LOCAL_ALLOW_AZURE_TERMINATE, "true"));

        assertInstanceOf(AzureScaleSets.class, App.forLocalRunner(allowed).scaleSets());
        assertInstanceOf(AzureScaleSets.class, App.fromSettings(AppSettings.of(AZURE)).scaleSets());
    }
}
