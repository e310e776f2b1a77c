package com.fortinet.autoscale.domain.bootstrap;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.settings.Settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.memory.BuiltInConfigSets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code fazintegration} config set in a FortiGate's bootstrap configuration (SPEC §5). */
class FazBootstrapTest {
    private static final Member DEVICE = new Member(VmId.of("aaaaaaaa-0000-4000-8000-000000000001"), "byol",
            Member.Licensing.BYOL, "0", "10.0.1.4");

    private static final ConfigSets NO_ASSETS = new ConfigSets() {
        @Override
        public Optional<String> read(String name) {
            return Optional.empty();
        }

        @Override
        public List<Named> custom() {
            return List.of();
        }
    };

    private static Settings settings(Map<String, String> overrides) {
        Map<String, String> raw = new HashMap<>();
        raw.put("autoscale-handler-url", "https://fn.example/api/fgt-as-handler?code=k");
        raw.put("fortigate-psk-secret", "psk");
        raw.put("fortigate-autoscale-virtual-network-cidr", "10.0.0.0/16");
        raw.putAll(overrides);
        return Settings.from(raw);
    }

    private static String assemble(Settings s) {
        return new ConfigAssembler(NO_ASSETS, new BuiltInConfigSets()).assemble(s, DEVICE, Optional.empty()).config();
    }

    @Test
    void anEnabledIntegrationAddsTheFortiAnalyzersPrivateIpAfterTheBaseConfig() {
        String config = assemble(settings(Map.of("enable-fortianalyzer-integration", "true", "faz-ip", "10.0.3.4")));

        assertTrue(config.contains("config log fortianalyzer setting\n    set status enable\n    set server \"10.0.3.4\""),
                config);
        assertTrue(config.indexOf("config log fortianalyzer setting") > config.indexOf("config system auto-scale"));
        assertFalse(config.contains("{FAZ_PRIVATE_IP}"));
    }

    @Test
    void aDisabledIntegrationLeavesTheFortiAnalyzerOut() {
        String config = assemble(settings(Map.of("enable-fortianalyzer-integration", "false", "faz-ip", "10.0.3.4")));

        assertFalse(config.contains("fortianalyzer"), config);
        assertFalse(config.contains("10.0.3.4"));
    }

    @Test
    void anEnabledIntegrationWithoutTheIpIsLeftOutNamingTheSettingAndTheRestIsServed() {
        ConfigAssembler.Assembly a = new ConfigAssembler(NO_ASSETS, new BuiltInConfigSets())
                .assemble(settings(Map.of("enable-fortianalyzer-integration", "true")), DEVICE, Optional.empty());

        assertFalse(a.config().contains("fortianalyzer"), a.config());
        assertTrue(a.config().contains("config system auto-scale"), a.config());
        assertEquals(1, a.omitted().size());
        assertEquals("fazintegration", a.omitted().get(0).configSet());
        assertTrue(a.omitted().get(0).reason().contains("faz-ip"), a.omitted().get(0).reason());
    }

    @Test
    void theHostnameTheAuthorizationRuleReliesOnIsTheVmIdWithoutHyphens() {
        String config = assemble(settings(Map.of()));

        assertEquals(1, config.split("set hostname \"" + DEVICE.vmId().hostname() + "\"", -1).length - 1, config);
        assertEquals("aaaaaaaa000040008000000000000001", DEVICE.vmId().hostname());
    }
}
