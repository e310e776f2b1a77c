package com.fortinet.autoscale.domain.bootstrap;

import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.settings.Settings;

import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.memory.BuiltInConfigSets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigAssemblerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Map<String, String> BASE = Map.of(
            "autoscale-handler-url", "https://fn.example/api/fgt-as-handler?code=abc",
            "fortigate-psk-secret", "p\"s\\k",
            "fortigate-autoscale-virtual-network-cidr", "10.0.0.0/16");

    /** An asset store holding the given config sets. */
    private static final class Assets implements ConfigSets {
        final Map<String, String> sets = new HashMap<>();
        final List<Named> custom;

        Assets(List<Named> custom) {
            this.custom = custom;
        }

        @Override
        public Optional<String> read(String name) {
            return Optional.ofNullable(sets.get(name));
        }

        @Override
        public List<Named> custom() {
            return custom;
        }
    }

    private final Assets assets = new Assets(List.of());

    private String assemble(Map<String, String> settings, Optional<Primary> primary) {
        Map<String, String> all = new HashMap<>(BASE);
        all.putAll(settings);
        return new ConfigAssembler(assets, new BuiltInConfigSets()).assemble(Settings.from(all), byol(1), primary);
    }

    private static Primary primary(int n, String ip) {
        return new Primary(vm(n), ip, "byol", 1, T0, T0);
    }

    @Test
    void theBuiltInConfigSetsMakeAWorkingConfigForAFreshDeployment() {
        String config = assemble(Map.of(), Optional.empty());
        assertTrue(config.startsWith("config system interface\n    edit \"port2\""), "port2config comes first");
        assertTrue(config.contains("set callback-url \"https://fn.example/api/fgt-as-handler?code=abc\""));
        assertTrue(config.contains("set hb-interval 30\n"));
        assertTrue(config.contains("set admin-sport 8443\n"));
        assertTrue(config.contains("set sync-interface \"port1\""));
        assertTrue(config.contains("set hostname \"" + vm(1) + "\""), "device placeholders");
        assertFalse(config.contains("{"), "no raw placeholder reaches a device");
        assertFalse(config.contains("null"));
        assertFalse(config.contains("\r"));
    }

    @Test
    void valuesAreEscapedForFortiOsStrings() {
        assertTrue(assemble(Map.of(), Optional.empty()).contains("set psksecret \"p\\\"s\\\\k\""));
    }

    @Test
    void partsComeInTheSpecifiedOrder() {
        assets.sets.put("extra1", "# extra1");
        Assets withCustom = new Assets(List.of(new ConfigSets.Named("zz-custom", "# custom")));
        withCustom.sets.putAll(assets.sets);
        Map<String, String> all = new HashMap<>(BASE);
        all.putAll(Map.of("enable-internal-elb", "true", "fortigate-internal-elb-dns", "elb.internal",
                "enable-fortianalyzer-integration", "true", "faz-ip", "10.0.9.9", "enable-extra-ports", "true",
                "additional-configset-name-list", "extra1"));
        String config = new ConfigAssembler(withCustom, new BuiltInConfigSets())
                .assemble(Settings.from(all), byol(1), Optional.empty());
        int port2 = config.indexOf("edit \"port2\"");
        int base = config.indexOf("config system auto-scale");
        int elb = config.indexOf("set fqdn \"elb.internal\"");
        int faz = config.indexOf("set server \"10.0.9.9\"");
        int extra1 = config.indexOf("# extra1");
        int custom = config.indexOf("# custom");
        int extraPorts = config.indexOf("edit \"autoscale-traffic\"");
        assertTrue(port2 >= 0 && port2 < base && base < elb && elb < faz && faz < extra1 && extra1 < custom
                && custom < extraPorts, config);
    }

    @Test
    void disabledPartsAreLeftOut() {
        String config = assemble(Map.of("enable-second-nic", "false"), Optional.empty());
        assertFalse(config.contains("port2"));
        assertFalse(config.contains("fortianalyzer"));
        assertTrue(config.startsWith("config system dns"));
    }

    @Test
    void aConfigSetInTheAssetStoreReplacesTheBuiltInOne() {
        assets.sets.put("baseconfig", "config system auto-scale\r\n    set role primary\r\nend\r\n");
        String config = assemble(Map.of("enable-second-nic", "false"), Optional.empty());
        assertEquals("config system auto-scale\n    set role primary\nend", config);
    }

    @Test
    void aMissingSettingFailsWithItsName() {
        Map<String, String> noUrl = new HashMap<>(BASE);
        noUrl.remove("autoscale-handler-url");
        BootstrapException e = assertThrows(BootstrapException.class, () -> new ConfigAssembler(assets,
                new BuiltInConfigSets()).assemble(Settings.from(noUrl), byol(1), Optional.empty()));
        assertTrue(e.getMessage().contains("autoscale-handler-url"), e.getMessage());
        assertTrue(e.getMessage().contains("{CALLBACK_URL}"), e.getMessage());
    }

    @Test
    void aMissingAdditionalConfigSetFailsWithItsNameAndHasNoBuiltInFallback() {
        BootstrapException e = assertThrows(BootstrapException.class,
                () -> assemble(Map.of("additional-configset-name-list", "nosuchset"), Optional.empty()));
        assertEquals("config set nosuchset not found", e.getMessage());
    }

    @Test
    void anUnknownPlaceholderFailsInsteadOfReachingTheDevice() {
        assets.sets.put("baseconfig", "set x {NO_SUCH_THING}");
        BootstrapException e = assertThrows(BootstrapException.class, () -> assemble(Map.of(), Optional.empty()));
        assertTrue(e.getMessage().contains("{NO_SUCH_THING}"));
    }

    @Test
    void aValueWithALineBreakIsRefusedSoItCannotInjectCommands() {
        assertThrows(BootstrapException.class,
                () -> assemble(Map.of("fortigate-psk-secret", "x\nconfig system admin"), Optional.empty()));
    }

    @Test
    void theCurrentPrimaryKeepsItsRole() {
        String config = assemble(Map.of(), Optional.of(primary(1, "10.0.1.1")));
        assertTrue(config.contains("    set role primary\n"));
        assertFalse(config.contains("primary-ip"));
    }

    @Test
    void everyoneElseBecomesASecondaryWithThePrimaryIp() {
        String config = assemble(Map.of(), Optional.of(primary(2, "10.0.1.2")));
        assertTrue(config.contains("    set role secondary\n    set primary-ip 10.0.1.2\n"), config);
        assertFalse(config.contains("set role primary"));
    }

    @Test
    void oldTemplatesGetSlaveAndMasterIp() {
        assets.sets.put("baseconfig", "config system auto-scale\n  set role master\nend");
        String config = assemble(Map.of("enable-second-nic", "false"), Optional.of(primary(2, "10.0.1.2")));
        assertEquals("config system auto-scale\n  set role slave\n  set master-ip 10.0.1.2\nend", config);
    }
}
