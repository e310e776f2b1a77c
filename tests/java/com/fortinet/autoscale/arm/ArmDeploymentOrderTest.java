package com.fortinet.autoscale.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No FortiGate boots before the app can answer it: the scale sets are created empty with autoscale off, and only a
 * later deployment with {@code startFortiGates=true} (after the probe the README shows) gives them capacity and
 * turns autoscale on. Custom data in the original's form; both FortiGate subnets may call the app; FortiAnalyzer
 * without its IP is refused.
 */
class ArmDeploymentOrderTest {
    private static final String AUTOSCALE = "Microsoft.Insights/autoscalesettings";

    @Test
    void theAppStageCreatesEmptyScaleSetsWithAutoscaleOff() {
        // Setup: the first app deployment, with startFortiGates=false as the README's step 4
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("startFortiGates", false, "byolDesiredCapacity", 2L,
                "paygDesiredCapacity", 1L, "paygMinSize", 1L));

        // Invoke
        List<JsonObject> scaleSets = d.resourcesOfType(ArmDeployment.SCALE_SETS);
        List<JsonObject> autoscale = d.resourcesOfType(AUTOSCALE);

        // Verify
        assertEquals(2, scaleSets.size());
        for (JsonObject vmss : scaleSets) {
            assertTrue(d.deployed(vmss), d.name(vmss));
            assertEquals(0L, d.at(vmss, "sku.capacity"), d.name(vmss) + " boots nobody");
        }
        assertEquals(2, autoscale.size());
        for (JsonObject a : autoscale) {
            assertTrue(d.deployed(a));
            assertEquals(false, d.at(a, "properties.enabled"), d.name(a) + " cannot scale out before the start");
        }
    }

    @Test
    void startingTheFortiGatesSetsTheirCapacityAndTurnsAutoscaleOn() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("startFortiGates", true, "byolDesiredCapacity", 2L,
                "paygDesiredCapacity", 1L, "paygMinSize", 1L));

        // Invoke
        JsonObject byol = d.named(ArmDeployment.SCALE_SETS, ArmEvaluator.text(d.variable("byolScaleSetName")));
        JsonObject payg = d.named(ArmDeployment.SCALE_SETS, ArmEvaluator.text(d.variable("paygScaleSetName")));

        // Verify
        assertEquals(2L, d.at(byol, "sku.capacity"));
        assertEquals(1L, d.at(payg, "sku.capacity"));
        for (JsonObject a : d.resourcesOfType(AUTOSCALE)) {
            assertEquals(true, d.at(a, "properties.enabled"), d.name(a));
        }
    }

    @Test
    void aLaterDeploymentThatForgetsTheFlagNeverScalesARunningClusterIn() {
        // Setup: a redeploy (new settings, rotated keys) without startFortiGates
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("byolDesiredCapacity", 2L,
                "paygDesiredCapacity", 1L, "paygMinSize", 1L));

        // Verify
        assertEquals(true, ArmDeployment.withDefaults().ev.parameter("startFortiGates"));
        for (JsonObject vmss : d.resourcesOfType(ArmDeployment.SCALE_SETS)) {
            assertTrue((Long) d.at(vmss, "sku.capacity") > 0, d.name(vmss) + " keeps its FortiGates");
        }
        for (JsonObject a : d.resourcesOfType(AUTOSCALE)) {
            assertEquals(true, d.at(a, "properties.enabled"), d.name(a));
        }
    }

    @Test
    void theSharedStageIgnoresStartFortiGates() {
        // Setup: a first stage run with startFortiGates=true by mistake
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("deployAppAndScaleSets", false,
                "startFortiGates", true));

        // Invoke / Verify
        for (String type : List.of(ArmDeployment.SCALE_SETS, AUTOSCALE, ArmDeployment.FUNCTION_KEYS)) {
            for (JsonObject r : d.resourcesOfType(type)) {
                assertFalse(d.deployed(r), type + " " + d.name(r) + " waits for the app stage");
            }
        }
    }

    @Test
    void customDataListsTheLicenseUrlFirstAndEndsWithANewline() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());

        // Invoke
        Map<String, String> customData = d.customData();

        // Verify
        String byol = customData.get(ArmEvaluator.text(d.variable("byolScaleSetName")));
        String payg = customData.get(ArmEvaluator.text(d.variable("paygScaleSetName")));
        assertTrue(byol.startsWith("{\"license-url\":\"https://"), byol);
        assertTrue(byol.indexOf("\"license-url\"") < byol.indexOf("\"config-url\""), byol);
        assertTrue(byol.endsWith("}\n"), "ends with one newline: " + byol);
        assertTrue(payg.startsWith("{\"config-url\":\"https://") && payg.endsWith("}\n"), payg);
        assertFalse(byol.contains("\r") || byol.endsWith("\n\n"), byol);
    }

    @Test
    void bothFortiGateSubnetsMayCallTheAppThroughTheirOwnServiceEndpoint() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());
        List<?> subnets = (List<?>) d.at(d.only("Microsoft.Network/virtualNetworks"), "properties.subnets");

        // Invoke
        List<?> rules = (List<?>) d.at(d.only(ArmDeployment.SITES), "properties.siteConfig.ipSecurityRestrictions");

        // Verify
        for (String subnet : List.of("externalSubnetId", "internalSubnetId")) {
            assertTrue(rules.stream().anyMatch(r -> d.variable(subnet).equals(((Map<?, ?>) r).get("vnetSubnetResourceId"))),
                    subnet + " is admitted: " + rules);
        }
        for (String name : List.of("fortigate-external", "fortigate-internal")) {
            Map<?, ?> props = subnets.stream().map(s -> (Map<?, ?>) s).filter(s -> name.equals(s.get("name")))
                    .map(s -> (Map<?, ?>) s.get("properties")).findFirst().orElseThrow();
            assertEquals(List.of(Map.of("service", "Microsoft.Web")), props.get("serviceEndpoints"), name);
        }
    }

    @Test
    void fortiAnalyzerEnabledWithoutItsIpFailsTheDeploymentInEveryStage() {
        for (boolean appStage : new boolean[] {false, true}) {
            // Setup
            ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("deployAppAndScaleSets", appStage,
                    "enableFortiAnalyzer", true, "fortiAnalyzerIp", " ", "fortiAnalyzerUsername", "faz-api",
                    "fortiAnalyzerPassword", "pw"));
            JsonObject identity = d.only("Microsoft.ManagedIdentity/userAssignedIdentities");

            // Invoke
            ArmEvaluator.EvaluationException e = assertThrows(ArmEvaluator.EvaluationException.class,
                    () -> d.at(identity, "tags"));

            // Verify: the identity is deployed in every stage, so its tag fails any deployment with this input
            assertTrue(d.deployed(identity));
            assertTrue(e.getMessage().contains("fortiAnalyzerIp"), e.getMessage());
        }
    }

    @Test
    void fortiAnalyzerWithItsIpOrDisabledDeploysAndSeedsFazIp() {
        // Setup
        ArmDeployment on = ArmDeployment.withExampleParameters(Map.of("enableFortiAnalyzer", true,
                "fortiAnalyzerIp", "10.0.3.4", "fortiAnalyzerUsername", "faz-api", "fortiAnalyzerPassword", "pw"));
        ArmDeployment off = ArmDeployment.withExampleParameters(Map.of("enableFortiAnalyzer", false,
                "fortiAnalyzerIp", ""));

        // Invoke / Verify
        assertEquals(Map.of("fortiAnalyzerIp", "10.0.3.4"),
                on.at(on.only("Microsoft.ManagedIdentity/userAssignedIdentities"), "tags"));
        assertEquals("10.0.3.4", on.appSettings().get("FAZ_IP"));
        assertEquals("", off.appSettings().get("FAZ_IP"));
    }
}
