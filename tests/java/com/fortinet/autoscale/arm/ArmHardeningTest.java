package com.fortinet.autoscale.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hardened deployment: Storage and Key Vault deny public networks except the function app's subnet (service
 * endpoints, the app's traffic routed through it) and the operators' ranges; an oversized body never reaches the
 * worker; the SCM (Kudu) site admits only the operators.
 */
class ArmHardeningTest {
    private static final List<String> OPERATORS = List.of("203.0.113.0/24", "198.51.100.7/32");

    @Test
    void storageDeniesEveryNetworkButTheFunctionSubnetAndTheOperators() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("allowedSourceIpRanges", OPERATORS));
        JsonObject storage = d.only("Microsoft.Storage/storageAccounts");

        // Invoke
        Map<?, ?> acls = (Map<?, ?>) d.at(storage, "properties.networkAcls");

        // Verify
        assertEquals("Deny", acls.get("defaultAction"));
        assertEquals(List.of(Map.of("id", d.variable("functionSubnetId"), "action", "Allow")),
                acls.get("virtualNetworkRules"));
        // Storage takes a single address without /32
        assertEquals(List.of(Map.of("value", "203.0.113.0/24", "action", "Allow"),
                Map.of("value", "198.51.100.7", "action", "Allow")), acls.get("ipRules"));
        assertEquals(false, d.at(storage, "properties.allowSharedKeyAccess"));
        assertTrue(serviceEndpoints(d, "function-integration").contains("Microsoft.Storage"));
    }

    @Test
    void keyVaultDeniesEveryNetworkButTheFunctionSubnetAndTheOperators() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("allowedSourceIpRanges", OPERATORS));
        JsonObject vault = d.only(ArmDeployment.VAULTS);

        // Invoke
        Map<?, ?> acls = (Map<?, ?>) d.at(vault, "properties.networkAcls");

        // Verify
        assertEquals("Deny", acls.get("defaultAction"));
        assertEquals(List.of(Map.of("id", d.variable("functionSubnetId"), "ignoreMissingVnetServiceEndpoint", false)),
                acls.get("virtualNetworkRules"));
        assertEquals(List.of(Map.of("value", "203.0.113.0/24"), Map.of("value", "198.51.100.7")), acls.get("ipRules"));
        assertTrue(serviceEndpoints(d, "function-integration").contains("Microsoft.KeyVault"));
    }

    @Test
    void withoutOperatorRangesStorageAndKeyVaultAdmitOnlyTheFunctionSubnet() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("allowedSourceIpRanges", List.of()));

        // Invoke
        Map<?, ?> storage = (Map<?, ?>) d.at(d.only("Microsoft.Storage/storageAccounts"), "properties.networkAcls");
        Map<?, ?> vault = (Map<?, ?>) d.at(d.only(ArmDeployment.VAULTS), "properties.networkAcls");

        // Verify
        assertEquals(List.of(), storage.get("ipRules"));
        assertEquals(List.of(), vault.get("ipRules"));
        assertEquals("Deny", storage.get("defaultAction"));
        assertEquals("Deny", vault.get("defaultAction"));
    }

    @Test
    void theAppRoutesItsTrafficThroughTheSubnetTheNetworkRulesAdmit() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());
        JsonObject site = d.only(ArmDeployment.SITES);

        // Invoke / Verify: service endpoints apply only to traffic that leaves through the subnet
        assertEquals(d.variable("functionSubnetId"), d.at(site, "properties.virtualNetworkSubnetId"));
        assertEquals(true, d.at(site, "properties.siteConfig.vnetRouteAllEnabled"));
        assertEquals(List.of("Microsoft.AzureCosmosDB", "Microsoft.Storage", "Microsoft.KeyVault"),
                serviceEndpoints(d, "function-integration"));
        for (String type : List.of("Microsoft.Storage/storageAccounts", ArmDeployment.VAULTS)) {
            assertTrue(d.only(type).getAsJsonArray("dependsOn").toString().contains("vnetName"),
                    type + " is created after the subnet's service endpoints");
        }
    }

    @Test
    void anOversizedBodyNeverReachesTheWorker() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());

        // Invoke
        Object limit = d.appSettings().get("FUNCTIONS_REQUEST_BODY_SIZE_LIMIT");

        // Verify: above the handler's own 64 KiB check (so it answers 400 itself), far below the host's 100 MB
        long bytes = Long.parseLong(ArmEvaluator.text(limit));
        assertEquals(131072L, bytes);
        assertTrue(bytes > 64 * 1024 && bytes <= 1024 * 1024, "limit " + bytes);
    }

    @Test
    void theScmSiteAdmitsOnlyTheOperatorsAndDeniesTheRest() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("allowedSourceIpRanges", OPERATORS));
        JsonObject site = d.only(ArmDeployment.SITES);

        // Invoke
        List<?> rules = (List<?>) d.at(site, "properties.siteConfig.scmIpSecurityRestrictions");

        // Verify: no FortiGate subnet, no Event Grid; the app's own rules do not apply
        assertEquals(false, d.at(site, "properties.siteConfig.scmIpSecurityRestrictionsUseMain"));
        assertEquals("Deny", d.at(site, "properties.siteConfig.scmIpSecurityRestrictionsDefaultAction"));
        List<Object> addresses = new ArrayList<>();
        for (Object r : rules) {
            Map<?, ?> rule = (Map<?, ?>) r;
            assertEquals("Allow", rule.get("action"));
            assertFalse(rule.containsKey("vnetSubnetResourceId") || rule.containsKey("tag"), rule.toString());
            assertTrue(String.valueOf(rule.get("name")).length() <= 32, rule.toString());
            addresses.add(rule.get("ipAddress"));
        }
        assertEquals(OPERATORS, addresses);
        List<?> noOperators = (List<?>) ArmDeployment.withExampleParameters(Map.of("allowedSourceIpRanges", List.of()))
                .at(site, "properties.siteConfig.scmIpSecurityRestrictions");
        assertEquals(List.of(), noOperators, "without operator ranges nobody reaches Kudu");
    }

    @Test
    void operatorsReachCosmosDbDataExplorerFromTheirRangesWithTheirRole() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("allowedSourceIpRanges", OPERATORS,
                "operatorObjectId", "11111111-2222-3333-4444-555555555555"));
        JsonObject cosmos = d.only("Microsoft.DocumentDB/databaseAccounts");

        // Invoke
        List<?> ipRules = (List<?>) d.at(cosmos, "properties.ipRules");
        List<JsonObject> sqlRoles = d.resourcesOfType("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments");

        // Verify
        assertEquals(List.of(Map.of("ipAddressOrRange", "203.0.113.0/24"), Map.of("ipAddressOrRange", "198.51.100.7/32")),
                ipRules);
        assertTrue(sqlRoles.stream().anyMatch(r -> d.deployed(r)
                && "11111111-2222-3333-4444-555555555555".equals(d.at(r, "properties.principalId"))),
                "the operator gets Cosmos DB Built-in Data Contributor");
        assertEquals(true, d.at(cosmos, "properties.disableLocalAuth"), "still Microsoft Entra ID only");
    }

    private static List<String> serviceEndpoints(ArmDeployment d, String subnet) {
        List<?> subnets = (List<?>) d.at(d.only("Microsoft.Network/virtualNetworks"), "properties.subnets");
        for (Object s : subnets) {
            Map<?, ?> m = (Map<?, ?>) s;
            if (subnet.equals(m.get("name"))) {
                List<String> out = new ArrayList<>();
                Object eps = ((Map<?, ?>) m.get("properties")).get("serviceEndpoints");
                if (eps != null) {
                    ((List<?>) eps).forEach(e -> out.add(String.valueOf(((Map<?, ?>) e).get("service"))));
                }
                return out;
            }
        }
        throw new AssertionError("no subnet " + subnet);
    }
}
