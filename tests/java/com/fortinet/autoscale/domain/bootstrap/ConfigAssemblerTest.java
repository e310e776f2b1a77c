package com.fortinet.autoscale.domain.bootstrap;

import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.memory.BuiltInConfigSets;
import com.fortinet.autoscale.domain.StoreUnavailableException;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.settings.Settings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConfigAssemblerTest {
    private static final Map<String, String> BASE = Map.of(
            "autoscale-handler-url", "https://fn.example/api/fgt-as-handler?code=abc",
            "fortigate-psk-secret", "p\"s\\k",
            "fortigate-autoscale-virtual-network-cidr", "10.0.0.0/16");
    private static final String VNET = "/subscriptions/0b1f/resourceGroups/fgt-rg/providers/Microsoft.Network"
            + "/virtualNetworks/fgt-vnet";
    /** A FortiGate as Azure reports it: a real-looking vmId, two NICs in two subnets. */
    private static final Member REALISTIC = new Member(VmId.of("6d3f0c52-7a1e-4b8e-9d2a-1f0e5c7b9a10"),
            "fgt-byol-vmss", Member.Licensing.BYOL, "17", "10.0.1.4", List.of(
                    new Member.NetworkInterface(0, List.of("10.0.1.4"), VNET + "/subnets/fortigate-external"),
                    new Member.NetworkInterface(1, List.of("10.0.2.4"), VNET + "/subnets/fortigate-internal")));

    /** An asset store holding the given config sets. */
    private static final class Assets implements ConfigSets {
        final Map<String, String> sets = new HashMap<>();
        final List<Named> custom;
        volatile boolean down;

        Assets(List<Named> custom) {
            this.custom = custom;
        }

        @Override
        public Optional<String> read(String name) {
            if (down && !name.equals("baseconfig")) {
                throw new StoreUnavailableException("blob down", Duration.ofSeconds(10), null);
            }
            return Optional.ofNullable(sets.get(name));
        }

        @Override
        public List<Named> custom() {
            if (down) {
                throw new StoreUnavailableException("blob down", Duration.ofSeconds(10), null);
            }
            return custom;
        }
    }

    private final Assets assets = new Assets(List.of());

    private ConfigAssembler.Assembly assembly(Map<String, String> settings, Member device, Optional<String> primaryIp) {
        Map<String, String> all = new HashMap<>(BASE);
        all.putAll(settings);
        return new ConfigAssembler(assets, new BuiltInConfigSets()).assemble(Settings.from(all), device, primaryIp);
    }

    private String assemble(Map<String, String> settings, Optional<String> primaryIp) {
        return assembly(settings, byol(1), primaryIp).config();
    }

    @Test
    void theBuiltInConfigSetsMakeAWorkingConfigForAFreshDeployment() {
        String config = assemble(Map.of(), Optional.empty());
        assertTrue(config.startsWith("config system interface\n    edit \"port2\""), "port2config comes first");
        assertTrue(config.contains("set callback-url \"https://fn.example/api/fgt-as-handler?code=abc\""));
        assertTrue(config.contains("set hb-interval 30\n"));
        assertTrue(config.contains("set admin-sport 8443\n"));
        assertTrue(config.contains("set sync-interface \"port1\""));
        assertTrue(config.contains("set hostname \"" + vm(1).hostname() + "\""), "device placeholders");
        assertFalse(config.contains("{"), "no raw placeholder reaches a device");
        assertFalse(config.contains("null"));
        assertFalse(config.contains("\r"));
    }

    @Test
    void everyBuiltInConfigSetRendersForARealisticDeviceWithinFortiOsLimits() {
        Map<String, String> everything = Map.of("enable-internal-elb", "true", "fortigate-internal-elb-dns",
                "internal-lb.example.internal", "enable-fortianalyzer-integration", "true", "faz-ip", "10.0.3.4",
                "enable-extra-ports", "true", "additional-configset-name-list", "trafficpolicy");
        ConfigAssembler.Assembly a = assembly(everything, REALISTIC, Optional.of("10.0.1.5"));

        assertEquals(List.of(), a.omitted(), "every built-in config set is in");
        Matcher hostnames = Pattern.compile("(?m)^\\s*set hostname \"([^\"]*)\"$").matcher(a.config());
        int count = 0;
        while (hostnames.find()) {
            count++;
            assertTrue(hostnames.group(1).length() <= 35, "FortiOS holds 35 characters: " + hostnames.group(1));
        }
        assertEquals(1, count, a.config());
        Matcher hb = Pattern.compile("(?m)^\\s*set hb-interval (\\S+)$").matcher(a.config());
        assertTrue(hb.find());
        assertTrue(hb.group(1).matches("[1-9][0-9]*"), "hb-interval is whole seconds: " + hb.group(1));
        assertTrue(a.config().contains("    set primary 168.63.129.16\n    unset secondary\n    set protocol cleartext\n"),
                "Azure DNS answers cleartext only");
        assertTrue(a.config().contains("set service \"ALL\""), a.config());
        assertFalse(a.config().contains("{"), a.config());
        assertFalse(a.config().contains("null"), a.config());
    }

    @Test
    void extraportsIsTheOriginalsPort3AndPort4ByDhcpWithoutDefaultGateway() {
        String config = assemble(Map.of("enable-extra-ports", "true", "enable-second-nic", "false"), Optional.empty());

        String extra = config.substring(config.indexOf("edit \"port3\"") - 30);
        assertTrue(extra.contains("edit \"port3\"\n        set mode dhcp\n        set defaultgw disable"), extra);
        assertTrue(extra.contains("edit \"port4\"\n        set mode dhcp\n        set defaultgw disable"), extra);
        assertFalse(config.contains("autoscale-traffic"), "the traffic policy has a name of its own");
    }

    @Test
    void theTrafficProtocolBecomesAFortiOsServiceName() {
        String listed = "additional-configset-name-list";
        assertTrue(assemble(Map.of(listed, "trafficpolicy", "fortigate-traffic-protocol", "tcp"), Optional.empty())
                .contains("set service \"ALL_TCP\""));
        assertTrue(assemble(Map.of(listed, "trafficpolicy", "fortigate-traffic-protocol", "Udp"), Optional.empty())
                .contains("set service \"ALL_UDP\""));
        assertTrue(assemble(Map.of(listed, "trafficpolicy", "fortigate-traffic-protocol", "all"), Optional.empty())
                .contains("set service \"ALL\""));
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
                .assemble(Settings.from(all), byol(1), Optional.empty()).config();
        int port2 = config.indexOf("edit \"port2\"");
        int base = config.indexOf("config system auto-scale");
        int elb = config.indexOf("set fqdn \"elb.internal\"");
        int faz = config.indexOf("set server \"10.0.9.9\"");
        int extra1 = config.indexOf("# extra1");
        int custom = config.indexOf("# custom");
        int extraPorts = config.indexOf("edit \"port3\"");
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
        assets.sets.put("baseconfig", "config system auto-scale\r\n    set role secondary\r\nend\r\n");
        String config = assemble(Map.of("enable-second-nic", "false"), Optional.empty());
        assertEquals("config system auto-scale\n    set role secondary\nend", config);
    }

    @Test
    void aMissingSettingInBaseconfigFailsWithItsName() {
        Map<String, String> noUrl = new HashMap<>(BASE);
        noUrl.remove("autoscale-handler-url");
        BootstrapException e = assertThrows(BootstrapException.class, () -> new ConfigAssembler(assets,
                new BuiltInConfigSets()).assemble(Settings.from(noUrl), byol(1), Optional.empty()));
        assertTrue(e.getMessage().contains("autoscale-handler-url"), e.getMessage());
        assertTrue(e.getMessage().contains("{CALLBACK_URL}"), e.getMessage());
    }

    @Test
    void aMissingAdditionalConfigSetIsLeftOutNamedAndBaseconfigIsStillServed() {
        ConfigAssembler.Assembly a = assembly(Map.of("additional-configset-name-list", "nosuchset,trafficpolicy"),
                byol(1), Optional.empty());

        assertEquals(List.of(new ConfigAssembler.Omitted("nosuchset", "config set nosuchset not found")), a.omitted());
        assertTrue(a.config().contains("config system auto-scale"));
        assertTrue(a.config().contains("autoscale-traffic"), "the other listed set is in");
    }

    @Test
    void anOptionalSetWhosePlaceholderCannotBeFilledIsLeftOutAndTheRestIsServed() {
        assets.sets.put("ntp", "config system ntp\n    set server \"{NO_SUCH_THING}\"\nend");
        Assets withCustom = new Assets(List.of(new ConfigSets.Named("10-nic3", "set ip {@device.networkInterfaces#2.privateIpAddress}")));
        Map<String, String> all = new HashMap<>(BASE);
        all.putAll(Map.of("additional-configset-name-list", "ntp", "enable-internal-elb", "true"));
        withCustom.sets.putAll(assets.sets);

        ConfigAssembler.Assembly a = new ConfigAssembler(withCustom, new BuiltInConfigSets())
                .assemble(Settings.from(all), REALISTIC, Optional.empty());

        assertEquals(List.of("internalelbwebserv", "ntp", "10-nic3"),
                a.omitted().stream().map(ConfigAssembler.Omitted::configSet).toList());
        assertTrue(a.omitted().get(0).reason().contains("fortigate-internal-elb-dns"), a.omitted().get(0).reason());
        assertTrue(a.omitted().get(2).reason().contains("networkInterfaces#2.privateIpAddress"), a.omitted().get(2).reason());
        assertTrue(a.config().contains("config system auto-scale"));
        assertFalse(a.config().contains("ntp"));
    }

    @Test
    void anUnavailableAssetStoreLeavesOptionalSetsOutButNotBaseconfig() {
        assets.down = true;
        ConfigAssembler.Assembly a = assembly(Map.of("additional-configset-name-list", "ntp"), byol(1), Optional.empty());

        assertTrue(a.config().contains("config system auto-scale"));
        assertEquals(List.of("port2config", "ntp", "custom config sets"),
                a.omitted().stream().map(ConfigAssembler.Omitted::configSet).toList());
    }

    @Test
    void anUnknownPlaceholderInBaseconfigFailsInsteadOfReachingTheDevice() {
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
    void withoutAPrimaryEveryDeviceBootsAsASecondaryWithoutPrimaryIp() {
        String config = assemble(Map.of(), Optional.empty());
        assertTrue(config.contains("    set role secondary\n    set callback-url"), config);
        assertFalse(config.contains("primary-ip"));
        assertFalse(config.contains("set role primary"));
    }

    @Test
    void withAPrimaryEveryDeviceBootsAsASecondaryNamingIt() {
        String config = assemble(Map.of(), Optional.of("10.0.1.2"));
        assertTrue(config.contains("    set role secondary\n    set primary-ip 10.0.1.2\n"), config);
        assertFalse(config.contains("set role primary"));
    }

    @Test
    void anOperatorsBaseconfigSayingPrimaryStillBootsASecondary() {
        assets.sets.put("baseconfig", "config system auto-scale\n  set role primary\nend");
        assertEquals("config system auto-scale\n  set role secondary\nend",
                assemble(Map.of("enable-second-nic", "false"), Optional.empty()));
    }

    @Test
    void oldTemplatesGetSlaveAndMasterIp() {
        assets.sets.put("baseconfig", "config system auto-scale\n  set role master\nend");
        String config = assemble(Map.of("enable-second-nic", "false"), Optional.of("10.0.1.2"));
        assertEquals("config system auto-scale\n  set role slave\n  set master-ip 10.0.1.2\nend", config);
    }

    @Test
    void theOriginalsDevicePropertiesAreFilledFromTheMember() {
        assets.sets.put("baseconfig", String.join("\n",
                "# {@device.id} {@device.primaryPrivateIpAddress} {@device.scalingGroupName}",
                "# {@device.virtualNetworkId} {@device.subnetId}",
                "# {@device.networkInterfaces#0.privateIpAddress} {@device.networkInterfaces#1.privateIpAddress}",
                "# {@device.vmId} {@device.privateIp} {@device.scaleSet} {@device.instanceId} {@device.hostname}"));

        String config = assembly(Map.of("enable-second-nic", "false"), REALISTIC, Optional.empty()).config();

        assertEquals(String.join("\n",
                "# 6d3f0c52-7a1e-4b8e-9d2a-1f0e5c7b9a10 10.0.1.4 fgt-byol-vmss",
                "# fgt-vnet fortigate-external",
                "# 10.0.1.4 10.0.2.4",
                "# 6d3f0c52-7a1e-4b8e-9d2a-1f0e5c7b9a10 10.0.1.4 fgt-byol-vmss 17 6d3f0c527a1e4b8e9d2a1f0e5c7b9a10"),
                config);
    }

    @Test
    void aDevicePropertyThePlatformDidNotReportFailsBaseconfigNamingIt() {
        assets.sets.put("baseconfig", "# {@device.subnetId}");

        BootstrapException e = assertThrows(BootstrapException.class, () -> assemble(Map.of(), Optional.empty()));

        assertEquals("device property subnetId is unknown (needed by {@device.subnetId} in config set baseconfig)",
                e.getMessage());
    }
}
