package com.fortinet.autoscale.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.arm.ArmDeployment.FunctionUrl;
import com.fortinet.autoscale.arm.ArmEvaluator.Sym;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the template deploys, evaluated for the example parameters (and variations): the hosting and hardening of
 * the function app, managed identity everywhere, secrets only in Key Vault, the Cosmos DB and Storage the code
 * expects, the scale sets and their custom data, autoscale and Event Grid.
 */
class ArmTemplateTest {
    private static final String ROLE_ASSIGNMENTS = "Microsoft.Authorization/roleAssignments";
    private static final String COSMOS_ACCOUNTS = "Microsoft.DocumentDB/databaseAccounts";

    @Test
    void theFunctionAppIsLinuxJava17OnFunctions4WithTheUserAssignedIdentity() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());
        JsonObject site = d.only(ArmDeployment.SITES);

        // Invoke
        Map<String, Object> settings = d.appSettings();

        // Verify
        assertEquals("functionapp,linux", d.at(site, "kind"));
        assertEquals("Java|17", d.at(site, "properties.siteConfig.linuxFxVersion"));
        assertEquals("~4", settings.get("FUNCTIONS_EXTENSION_VERSION"));
        assertEquals("java", settings.get("FUNCTIONS_WORKER_RUNTIME"));
        assertEquals("UserAssigned", d.at(site, "identity.type"));
        String identityId = ArmEvaluator.text(d.variable("identityId"));
        assertEquals(Set.of(identityId), ((Map<?, ?>) d.at(site, "identity.userAssignedIdentities")).keySet());
        assertEquals(identityId, text(d.at(site, "properties.keyVaultReferenceIdentity")));
        assertEquals(reference(identityId, "clientId"), text(settings.get("AZURE_CLIENT_ID")));
    }

    @Test
    void thePlanIsChosenByParameterAndKeepsAnInstanceWarm() {
        // Setup
        ArmDeployment elastic = ArmDeployment.withExampleParameters(Map.of("functionPlanSku", "EP2",
                "alwaysReadyInstances", 2L));
        ArmDeployment dedicated = ArmDeployment.withExampleParameters(Map.of("functionPlanSku", "P1v3"));

        // Invoke
        JsonObject ePlan = elastic.only("Microsoft.Web/serverfarms");
        JsonObject dPlan = dedicated.only("Microsoft.Web/serverfarms");

        // Verify
        assertEquals("ElasticPremium", elastic.at(ePlan, "sku.tier"));
        assertEquals("elastic", elastic.at(ePlan, "kind"));
        assertEquals(true, elastic.at(ePlan, "properties.reserved"));
        assertEquals(2L, elastic.at(elastic.only(ArmDeployment.SITES), "properties.siteConfig.minimumElasticInstanceCount"));
        assertEquals(false, elastic.at(elastic.only(ArmDeployment.SITES), "properties.siteConfig.alwaysOn"));
        assertEquals("PremiumV3", dedicated.at(dPlan, "sku.tier"));
        assertEquals(true, dedicated.at(dedicated.only(ArmDeployment.SITES), "properties.siteConfig.alwaysOn"));
        assertEquals("EP1", ArmDeployment.withDefaults().ev.parameter("functionPlanSku"));
    }

    @Test
    void theFunctionAppTakesHttpsOnlyWithTls12AndDeniesWhatItDoesNotAllow() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());
        JsonObject site = d.only(ArmDeployment.SITES);

        // Invoke / Verify
        assertEquals(true, d.at(site, "properties.httpsOnly"));
        assertEquals("1.2", d.at(site, "properties.siteConfig.minTlsVersion"));
        assertEquals("1.2", d.at(site, "properties.siteConfig.scmMinTlsVersion"));
        assertEquals("Disabled", d.at(site, "properties.siteConfig.ftpsState"));
        assertEquals("Deny", d.at(site, "properties.siteConfig.ipSecurityRestrictionsDefaultAction"));
        assertEquals(false, d.at(site, "properties.siteConfig.scmIpSecurityRestrictionsUseMain"),
                "the SCM site has access rules of its own");
        assertEquals("Deny", d.at(site, "properties.siteConfig.scmIpSecurityRestrictionsDefaultAction"));
        for (JsonObject policy : d.resourcesOfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies")) {
            assertEquals(false, d.at(policy, "properties.allow"), d.name(policy));
        }
    }

    @Test
    void theCodeFirstStartsWithEverySettingTheHandlerUrlIncluded() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());
        JsonObject config = d.only(ArmDeployment.SITE_CONFIG);
        JsonObject handlerSecret = d.named(ArmDeployment.SECRETS, "autoscale-handler-url");

        // Invoke
        Map<String, Object> initial = d.initialAppSettings();
        Map<String, Object> last = d.appSettings();

        // Verify: the site starts as an empty host (no package), so no code runs before the handler URL exists
        assertFalse(initial.containsKey("WEBSITE_RUN_FROM_PACKAGE"), "no package before the handler URL");
        assertFalse(initial.containsKey("AUTOSCALE_HANDLER_URL"));
        initial.forEach((name, value) -> assertEquals(text(value), text(last.get(name)),
                name + " keeps its value when the settings are replaced"));
        assertTrue(last.containsKey("WEBSITE_RUN_FROM_PACKAGE"));
        assertTrue(last.containsKey("AUTOSCALE_HANDLER_URL"));
        assertTrue(config.getAsJsonArray("dependsOn").toString().contains("variables('handlerUrlSecretName')"),
                "the settings are written after the handler URL secret");
        assertEquals(d.variable("fortigateHandlerUrl"), d.at(handlerSecret, "properties.value"),
                "the handler URL carries the FortiGates' key from its parameter, nothing read back from the site");
    }

    @Test
    void accessRulesAllowTheFortiGateSubnetEventGridAndTheGivenRangesButNotAllOfAzure() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("allowedSourceIpRanges",
                List.of("203.0.113.0/24", "198.51.100.7/32")));

        // Invoke
        List<?> rules = (List<?>) d.at(d.only(ArmDeployment.SITES), "properties.siteConfig.ipSecurityRestrictions");

        // Verify
        assertEquals(5, rules.size(), rules::toString);
        assertEquals(d.variable("externalSubnetId"), rule(rules, 0).get("vnetSubnetResourceId"));
        assertEquals(d.variable("internalSubnetId"), rule(rules, 1).get("vnetSubnetResourceId"));
        assertEquals("ServiceTag", rule(rules, 2).get("tag"));
        assertEquals("AzureEventGrid", rule(rules, 2).get("ipAddress"));
        assertEquals("203.0.113.0/24", rule(rules, 3).get("ipAddress"));
        assertEquals("198.51.100.7/32", rule(rules, 4).get("ipAddress"));
        for (Object r : rules) {
            Map<?, ?> m = (Map<?, ?>) r;
            assertEquals("Allow", m.get("action"));
            assertFalse(String.valueOf(m.get("ipAddress")).equalsIgnoreCase("AzureCloud"), "no blanket AzureCloud rule");
            assertTrue(m.get("priority") instanceof Long, "priority of " + m);
            assertTrue(String.valueOf(m.get("name")).length() <= 32, "rule names fit App Service's limit: " + m);
        }
    }

    @Test
    void anEmptyAllowListStillGivesValidAccessAndNetworkRules() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("allowedSourceIpRanges", List.of(),
                "cosmosIpRules", List.of()));

        // Invoke
        List<?> rules = (List<?>) d.at(d.only(ArmDeployment.SITES), "properties.siteConfig.ipSecurityRestrictions");
        List<?> nsgRules = (List<?>) d.at(d.only("Microsoft.Network/networkSecurityGroups"),
                "properties.securityRules");
        Object cosmosIpRules = d.at(d.only(COSMOS_ACCOUNTS), "properties.ipRules");

        // Verify
        assertEquals(3, rules.size(), "the FortiGates' two subnets and Event Grid remain: " + rules);
        for (Object r : nsgRules) {
            Map<?, ?> props = (Map<?, ?>) ((Map<?, ?>) r).get("properties");
            assertFalse(props.containsKey("sourceAddressPrefixes")
                    && ((List<?>) props.get("sourceAddressPrefixes")).isEmpty(), "no NSG rule without sources");
        }
        assertEquals(List.of(), cosmosIpRules);
    }

    @Test
    void theRuntimeStorageUsesTheIdentityAndNoKeyAppearsAnywhere() throws Exception {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());
        String text = Files.readString(ArmDeployment.TEMPLATE, StandardCharsets.UTF_8);

        // Invoke
        Map<String, Object> settings = d.appSettings();

        // Verify
        assertEquals(d.variable("storageAccountName"), settings.get("AzureWebJobsStorage__accountName"));
        assertEquals("managedidentity", settings.get("AzureWebJobsStorage__credential"));
        assertEquals(reference(ArmEvaluator.text(d.variable("identityId")), "clientId"),
                text(settings.get("AzureWebJobsStorage__clientId")));
        for (String forbidden : List.of("AzureWebJobsStorage", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
                "WEBSITE_CONTENTSHARE", "COSMOS_KEY", "ASSET_STORAGE_CONNECTION_STRING")) {
            assertFalse(settings.containsKey(forbidden), forbidden + " would need a key");
        }
        assertFalse(text.contains("AccountKey"), "no storage account key in the template");
        assertFalse(Pattern.compile("(?i)list(Keys|Secrets)\\(").matcher(text).find(),
                "the template reads no key back: the function keys come from its parameters");
        assertFalse(text.contains("listConnectionStrings"), "no connection strings");
        assertEquals(false, d.at(d.only("Microsoft.Storage/storageAccounts"), "properties.allowSharedKeyAccess"));
        assertEquals(true, d.at(d.only(COSMOS_ACCOUNTS), "properties.disableLocalAuth"));
        assertEquals(true, d.at(d.only("Microsoft.EventGrid/topics"), "properties.disableLocalAuth"));
        assertEquals("", settings.get("EVENT_GRID_TOPIC_KEY"), "the topic takes the identity, not a key");
    }

    @Test
    void theAppRunsFromThePackageUrlReadWithTheIdentityWhenItIsABlob() {
        // Setup
        ArmDeployment ownBlob = ArmDeployment.withExampleParameters(Map.of());
        ArmDeployment release = ArmDeployment.withExampleParameters(Map.of("packageUrl",
                "https://example.org/releases/fortigate-autoscale.zip"));

        // Invoke
        Map<String, Object> own = ownBlob.appSettings();
        Map<String, Object> rel = release.appSettings();

        // Verify
        String url = ArmEvaluator.text(own.get("WEBSITE_RUN_FROM_PACKAGE"));
        assertTrue(url.startsWith("https://" + ownBlob.variable("storageAccountName") + ".blob."), url);
        assertTrue(url.endsWith("/function-releases/fortigate-autoscale.zip"), url);
        assertEquals(ownBlob.variable("identityId"), own.get("WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID"));
        assertEquals("https://example.org/releases/fortigate-autoscale.zip", rel.get("WEBSITE_RUN_FROM_PACKAGE"));
        assertEquals("SystemAssigned", rel.get("WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID"));
    }

    @Test
    void secretsAreKeyVaultReferencesToSecretsTheTemplateCreates() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("enableFortiAnalyzer", true,
                "fortiAnalyzerIp", "10.0.3.4", "fortiAnalyzerUsername", "faz-api", "fortiAnalyzerPassword", "pw"));

        // Invoke
        Map<String, Object> settings = d.appSettings();

        // Verify
        Map<String, String> expected = Map.of("FORTIGATE_PSK_SECRET", "[parameters('fortigatePskSecret')]",
                "FAZ_USERNAME", "[parameters('fortiAnalyzerUsername')]",
                "FAZ_PASSWORD", "[parameters('fortiAnalyzerPassword')]");
        expected.forEach((setting, source) -> {
            JsonObject secret = d.secretReferencedBy(settings.get(setting));
            assertTrue(d.deployed(secret), setting + "'s secret is deployed");
            assertEquals(source, secret.getAsJsonObject("properties").get("value").getAsString(), setting);
        });
        assertEquals("https://10.0.3.4", settings.get("FAZ_API_URL"));
        JsonObject vault = d.only(ArmDeployment.VAULTS);
        assertEquals(true, d.at(vault, "properties.enableRbacAuthorization"));
    }

    @Test
    void withoutFortiAnalyzerItsCredentialsAreEmptyNotDanglingReferences() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("enableFortiAnalyzer", false));

        // Invoke
        Map<String, Object> settings = d.appSettings();

        // Verify
        assertEquals("", settings.get("FAZ_USERNAME"));
        assertEquals("", settings.get("FAZ_PASSWORD"));
        assertFalse(d.deployed(d.named(ArmDeployment.SECRETS, "faz-username")));
        assertEquals("false", settings.get("ENABLE_FORTIANALYZER_INTEGRATION"));
    }

    @Test
    void cosmosDbHasTheDatabaseAndContainersTheCodeUses() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());
        JsonObject containers = d.only("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers");

        // Invoke
        Map<String, String> partitionKeys = new HashMap<>();
        Map<String, Object> ttls = new HashMap<>();
        long count = (Long) d.eval(containers.getAsJsonObject("copy").get("count"));
        for (int i = 0; i < count; i++) {
            d.ev.atCopyIndex(i);
            String name = ArmEvaluator.text(d.at(containers, "properties.resource.id"));
            assertTrue(d.name(containers).endsWith("/FortiGateAutoscale/" + name), d.name(containers));
            partitionKeys.put(name, ArmEvaluator.text(((List<?>) d.at(containers,
                    "properties.resource.partitionKey.paths")).get(0)));
            ttls.put(name, d.at(containers, "properties.resource.defaultTtl"));
        }
        d.ev.atCopyIndex(null);

        // Verify
        assertEquals(d.appSettings().get("COSMOS_DATABASE"), d.variable("cosmosDatabaseName"));
        // the containers the Cosmos adapter would create itself: same names, partition key and TTLs
        String pk = com.fortinet.autoscale.adapter.cosmos.CosmosStore.PARTITION_KEY_PATH;
        assertEquals(Map.of(com.fortinet.autoscale.adapter.cosmos.CosmosStore.HEALTH_RECORDS, pk,
                com.fortinet.autoscale.adapter.cosmos.CosmosStore.ELECTION, pk,
                com.fortinet.autoscale.adapter.cosmos.CosmosStore.SETTINGS, pk,
                com.fortinet.autoscale.adapter.cosmos.CosmosStore.LICENSE_USAGE, pk,
                com.fortinet.autoscale.adapter.cosmos.CosmosStore.EVENTS, pk), partitionKeys);
        assertEquals(com.fortinet.autoscale.adapter.cosmos.CosmosStore.HEALTH_RECORD_TTL.toSeconds(),
                ttls.get("HealthRecords"), "health records of gone FortiGates expire");
        assertEquals(null, ttls.get("LicenseUsage"), "a license assignment never expires: it would be handed out twice");
        assertEquals(com.fortinet.autoscale.adapter.cosmos.CosmosStore.EVENTS_TTL.toSeconds(), ttls.get("Events"),
                "the event history expires on its own");
        assertEquals(null, ttls.get("Election"));
        assertEquals(null, ttls.get("Settings"));
        // a handler that lost an election reads the winner's record, never an older one (single region: Strong)
        assertEquals("Strong", d.at(d.only(COSMOS_ACCOUNTS), "properties.consistencyPolicy.defaultConsistencyLevel"));
        assertEquals(reference(ArmEvaluator.text(d.variable("cosmosAccountId")), "documentEndpoint"),
                text(d.appSettings().get("COSMOS_ENDPOINT")));
    }

    @Test
    void cosmosDbIsReachableOnlyFromTheFunctionSubnetAndTheGivenRanges() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("cosmosIpRules", List.of("203.0.113.9"),
                "allowedSourceIpRanges", List.of("198.51.100.0/24")));
        JsonObject cosmos = d.only(COSMOS_ACCOUNTS);

        // Invoke / Verify
        assertEquals(true, d.at(cosmos, "properties.isVirtualNetworkFilterEnabled"));
        assertEquals(List.of(Map.of("id", d.variable("functionSubnetId"), "ignoreMissingVNetServiceEndpoint", false)),
                d.at(cosmos, "properties.virtualNetworkRules"));
        assertEquals(List.of(Map.of("ipAddressOrRange", "203.0.113.9"), Map.of("ipAddressOrRange", "198.51.100.0/24")),
                d.at(cosmos, "properties.ipRules"), "the operators' ranges reach Data Explorer too");
        assertEquals(d.variable("functionSubnetId"), d.at(d.only(ArmDeployment.SITES),
                "properties.virtualNetworkSubnetId"));
    }

    @Test
    void theIdentityHasTheRolesTheCodeNeedsAndNoMore() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("enableNotificationTopic", true));
        String principal = reference(ArmEvaluator.text(d.variable("identityId")), "principalId");
        String storage = ArmEvaluator.canonicalScope(d.variable("storageAccountId"));

        // Invoke
        Map<String, Set<String>> roleToScopes = new HashMap<>();
        for (JsonObject ra : d.resourcesOfType(ROLE_ASSIGNMENTS)) {
            if (d.deployed(ra) && principal.equals(text(d.at(ra, "properties.principalId")))) {
                String scope = ra.has("scope") ? ArmEvaluator.canonicalScope(d.at(ra, "scope")) : "resourceGroup";
                roleToScopes.computeIfAbsent(ArmEvaluator.text(d.at(ra, "properties.roleDefinitionId")),
                        k -> new java.util.TreeSet<>()).add(scope);
                assertEquals("ServicePrincipal", d.at(ra, "properties.principalType"));
            }
        }
        JsonObject sqlRole = d.resourcesOfType("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments").get(0);

        // Verify
        String containers = "microsoft.storage/storageaccounts/blobservices/containers/" + d.variable("storageAccountName")
                + "/default/";
        assertEquals(Map.of(
                ArmEvaluator.text(d.variable("roleStorageBlobDataReader")),
                Set.of(containers + "fortigate-autoscale", containers + "function-releases"),
                ArmEvaluator.text(d.variable("roleStorageBlobDataContributor")),
                Set.of(containers + "azure-webjobs-hosts", containers + "azure-webjobs-secrets"),
                ArmEvaluator.text(d.variable("roleKeyVaultSecretsUser")),
                Set.of(ArmEvaluator.canonicalScope(d.variable("keyVaultId"))),
                ArmEvaluator.text(d.variable("roleVirtualMachineContributor")),
                Set.of(ArmEvaluator.canonicalScope(d.variable("byolScaleSetId")),
                        ArmEvaluator.canonicalScope(d.variable("paygScaleSetId"))),
                ArmEvaluator.text(d.variable("roleEventGridDataSender")),
                Set.of(ArmEvaluator.canonicalScope(d.variable("notificationTopicId")))), roleToScopes);
        assertFalse(roleToScopes.values().stream().anyMatch(scopes -> scopes.contains(storage)
                || scopes.contains("resourceGroup")), "nothing on the whole storage account or resource group");
        assertFalse(d.template.toString().contains("b7e6dc6d-f1e8-4753-8033-0f276bb0955b"), "no Storage Blob Data Owner");
        assertTrue(ArmEvaluator.text(d.variable("roleStorageBlobDataReader"))
                .contains("/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"), "Storage Blob Data Reader");
        assertTrue(ArmEvaluator.text(d.variable("roleVirtualMachineContributor"))
                .contains("/9980e02c-c2be-4d73-94e8-173b1dc7cf3c"), "Virtual Machine Contributor");
        assertEquals(principal, text(d.at(sqlRole, "properties.principalId")));
        String sqlRoleDefinition = text(d.at(sqlRole, "properties.roleDefinitionId"));
        assertTrue(sqlRoleDefinition.startsWith(ArmEvaluator.OPEN + "rid:microsoft.documentdb/databaseaccounts/sqlroledefinitions/")
                && sqlRoleDefinition.contains("/00000000-0000-0000-0000-000000000002"), "Cosmos DB Built-in Data Contributor");
        assertEquals(text(d.variable("cosmosAccountId")), text(d.at(sqlRole, "properties.scope")));
    }

    @Test
    void scaleSetsRunRegularPriorityWithIpForwardingOnEveryNic() {
        for (boolean secondNic : new boolean[] {true, false}) {
            // Setup
            ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("enableSecondNic", secondNic,
                    "paygMaxSize", 4L, "byolMaxSize", 2L));

            for (JsonObject vmss : d.resourcesOfType(ArmDeployment.SCALE_SETS)) {
                // Invoke
                List<?> nics = (List<?>) d.at(vmss, "properties.virtualMachineProfile.networkProfile"
                        + ".networkInterfaceConfigurations");

                // Verify
                assertTrue(d.deployed(vmss), d.name(vmss));
                assertEquals("Regular", d.at(vmss, "properties.virtualMachineProfile.priority"));
                assertFalse(d.at(vmss, "properties.virtualMachineProfile").toString().contains("evictionPolicy"));
                assertEquals(false, d.at(vmss, "properties.overprovision"), "no extra VMs that take licenses");
                assertEquals(secondNic ? 2 : 1, nics.size());
                for (Object nic : nics) {
                    assertEquals(true, ((Map<?, ?>) ((Map<?, ?>) nic).get("properties")).get("enableIPForwarding"),
                            d.name(vmss) + " " + ((Map<?, ?>) nic).get("name"));
                }
                assertEquals(d.appSettings().get("ENABLE_SECOND_NIC"), String.valueOf(secondNic));
            }
        }
    }

    @Test
    void eitherScaleSetMayBeAbsent() {
        // Setup
        ArmDeployment noByol = ArmDeployment.withExampleParameters(Map.of("byolMaxSize", 0L, "byolMinSize", 0L,
                "byolDesiredCapacity", 0L));
        ArmDeployment noPayg = ArmDeployment.withExampleParameters(Map.of("paygMaxSize", 0L));
        ArmDeployment neither = ArmDeployment.withExampleParameters(Map.of("paygMaxSize", 0L, "byolMaxSize", 0L,
                "byolMinSize", 0L, "byolDesiredCapacity", 0L));

        // Invoke / Verify
        assertEquals(List.of(false, true), deployedScaleSets(noByol));
        assertEquals("", noByol.appSettings().get("BYOL_SCALING_GROUP_NAME"));
        assertEquals(noByol.variable("paygScaleSetName"), noByol.appSettings().get("PRIMARY_SCALING_GROUP_NAME"));
        assertEquals(1, ((List<?>) noByol.variable("scaleSetVmSubjects")).size());
        assertEquals(2, ((List<?>) noByol.variable("paygRules")).size(), "no burst rule on a missing BYOL set");

        assertEquals(List.of(true, false), deployedScaleSets(noPayg));
        assertEquals("", noPayg.appSettings().get("PAYG_SCALING_GROUP_NAME"));
        assertEquals(noPayg.variable("byolScaleSetName"), noPayg.appSettings().get("PRIMARY_SCALING_GROUP_NAME"));

        assertEquals(List.of(false, false), deployedScaleSets(neither));
        assertFalse(neither.deployed(neither.only(ArmDeployment.EVENT_SUBSCRIPTIONS)));
    }

    @Test
    void theFirstStageDeploysNothingThatNeedsTheRunningApp() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("deployAppAndScaleSets", false));

        // Invoke
        List<String> deployedUsingTheApp = new ArrayList<>();
        for (ArmTemplateChecks.Resource r : ArmTemplateChecks.resources(d.template)) {
            String text = r.json().toString();
            boolean usesApp = text.contains("listKeys(") || text.contains("list(") || r.type().startsWith("Microsoft.Web/sites")
                    || r.type().equals(ArmDeployment.SCALE_SETS);
            if (usesApp && d.deployed(r.json())) {
                deployedUsingTheApp.add(r.type() + " " + d.name(r.json()));
            }
        }

        // Verify
        assertEquals(List.of(), deployedUsingTheApp);
        assertTrue(d.deployed(d.only("Microsoft.Storage/storageAccounts")));
        assertTrue(d.deployed(d.only(ArmDeployment.VAULTS)));
        assertTrue(d.deployed(d.only(COSMOS_ACCOUNTS)));
    }

    @Test
    void autoscaleIsEnabledWithTheCpuThresholdsFromTheParameters() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("startFortiGates", true, "scaleOutCpuThreshold", 75L,
                "scaleInCpuThreshold", 25L, "paygMinSize", 1L, "paygMaxSize", 6L, "paygDesiredCapacity", 1L));

        for (JsonObject autoscale : d.resourcesOfType("Microsoft.Insights/autoscalesettings")) {
            // Invoke
            Map<?, ?> profile = (Map<?, ?>) ((List<?>) d.at(autoscale, "properties.profiles")).get(0);
            List<?> rules = (List<?>) profile.get("rules");

            // Verify
            assertTrue(d.deployed(autoscale));
            assertEquals(true, d.at(autoscale, "properties.enabled"));
            assertFalse(rules.isEmpty());
            for (Object rule : rules) {
                Map<?, ?> trigger = (Map<?, ?>) ((Map<?, ?>) rule).get("metricTrigger");
                assertEquals("Percentage CPU", trigger.get("metricName"));
                assertEquals("GreaterThan".equals(trigger.get("operator")) ? 75L : 25L, trigger.get("threshold"));
            }
        }
        JsonObject payg = d.named("Microsoft.Insights/autoscalesettings", ArmEvaluator.text(d.variable("paygAutoscaleName")));
        assertEquals(Map.of("minimum", "1", "maximum", "6", "default", "1"),
                ((Map<?, ?>) ((List<?>) d.at(payg, "properties.profiles")).get(0)).get("capacity"));
        assertEquals(d.variable("paygScaleSetId"), d.at(payg, "properties.targetResourceUri"));
    }

    @Test
    void theEventSubscriptionDeliversScaleSetVmWritesAndDeletesToTheHandler() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());
        JsonObject sub = d.only(ArmDeployment.EVENT_SUBSCRIPTIONS);
        JsonObject topic = d.only("Microsoft.EventGrid/systemTopics");

        // Invoke
        String route = d.routeOf(FunctionUrl.parse(d.eventGridEndpoint()), "api");

        // Verify
        assertEquals("fgt-as-handler", route);
        assertEquals("Microsoft.Resources.ResourceGroups", d.at(topic, "properties.topicType"));
        assertEquals(new Sym("resourceGroup().id"), d.at(topic, "properties.source"));
        assertEquals(List.of("Microsoft.Resources.ResourceWriteSuccess", "Microsoft.Resources.ResourceDeleteSuccess"),
                d.at(sub, "properties.filter.includedEventTypes"));
        Map<?, ?> filter = (Map<?, ?>) ((List<?>) d.at(sub, "properties.filter.advancedFilters")).get(0);
        assertEquals("subject", filter.get("key"));
        assertEquals(List.of(
                "/providers/Microsoft.Compute/virtualMachineScaleSets/" + d.variable("byolScaleSetName") + "/virtualMachines/",
                "/providers/Microsoft.Compute/virtualMachineScaleSets/" + d.variable("paygScaleSetName") + "/virtualMachines/"),
                filter.get("values"));
    }

    @Test
    void theCustomDataAndTheHandlerUrlCarryTheFunctionUrlsWithTheKey() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());

        // Invoke
        Map<String, Map<String, String>> customData = d.customDataUrls();

        // Verify
        Map<String, String> byol = customData.get(ArmEvaluator.text(d.variable("byolScaleSetName")));
        Map<String, String> payg = customData.get(ArmEvaluator.text(d.variable("paygScaleSetName")));
        assertNotNull(byol, customData::toString);
        assertNotNull(payg, customData::toString);
        assertEquals(List.of("license-url", "config-url"), List.copyOf(byol.keySet()), "the original's order");
        assertEquals(Set.of("config-url"), payg.keySet(), "PAYG FortiGates need no license");
        assertEquals("fgt-as-handler", d.keyOf(FunctionUrl.parse(byol.get("config-url")), "api").function());
        assertEquals("byol-license", d.keyOf(FunctionUrl.parse(byol.get("license-url")), "api").function());
        assertEquals("fgt-as-handler", d.keyOf(FunctionUrl.parse(payg.get("config-url")), "api").function());
        assertEquals("fgt-as-handler", d.keyOf(FunctionUrl.parse(d.handlerUrl()), "api").function());
    }

    @Test
    void withItsDefaultsTheTemplateSeedsTheSpecDefaults() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());
        ArmDeployment defaults = ArmDeployment.withDefaults();

        // Invoke
        Map<String, Object> settings = defaults.appSettings();

        // Verify: every autoscale setting with a default in the code gets exactly that default, except the
        // caller address check: off by default (the local runner, deployments by hand), on in this deployment,
        // whose FortiGates reach the app through the Microsoft.Web service endpoint (README, Security)
        Map<String, String> deploymentDiffers = Map.of("VERIFY_CALLER_IP", "true");
        List<String> differences = new ArrayList<>();
        for (com.fortinet.autoscale.domain.settings.SettingKey key : com.fortinet.autoscale.domain.settings.SettingKey.values()) {
            String expected = deploymentDiffers.getOrDefault(key.appSettingName(), key.defaultValue());
            if (expected != null && !expected.equals(settings.get(key.appSettingName()))) {
                differences.add(key.appSettingName() + "=" + settings.get(key.appSettingName()) + " (code default "
                        + key.defaultValue() + ")");
            }
        }
        assertEquals(List.of(), differences);
        assertEquals("30", settings.get("HEARTBEAT_INTERVAL"));
        assertEquals("2", settings.get("HEARTBEAT_DELAY_ALLOWANCE"));
        assertEquals("10", settings.get("HEARTBEAT_LOSS_COUNT"));
        assertEquals("3", settings.get("SYNC_RECOVERY_COUNT"));
        assertEquals("false", settings.get("TERMINATE_UNHEALTHY_VM"));
        assertEquals("10", d.appSettings().get("HEARTBEAT_LOSS_COUNT"), "the example file keeps them");
    }

    @Test
    void appSettingValuesAreTextAndBooleansAreLowercase() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("terminateUnhealthyVm", true));

        // Invoke
        Map<String, Object> settings = d.appSettings();

        // Verify
        settings.forEach((name, value) -> {
            assertTrue(value instanceof String || value instanceof Sym, name + " = " + value + " is not text");
            assertFalse("True".equals(value) || "False".equals(value), name + " = " + value);
        });
        assertEquals("true", settings.get("TERMINATE_UNHEALTHY_VM"));
    }

    @Test
    void theOutputsNameResourcesButHoldNoSecret() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());
        JsonObject outputs = d.template.getAsJsonObject("outputs");

        // Invoke / Verify
        for (String name : outputs.keySet()) {
            String value = ArmEvaluator.text(d.eval(outputs.getAsJsonObject(name).get("value")));
            assertFalse(value.contains("example-psk-secret") || value.contains("Example-Admin-Passw0rd"), name);
            assertFalse(value.contains("listKeys") || value.contains("code="), name + " = " + value);
        }
        assertEquals("https://" + d.functionAppName() + ".azurewebsites.net/api/cluster-status",
                d.eval(outputs.getAsJsonObject("clusterStatusUrl").get("value")));
    }

    private List<Boolean> deployedScaleSets(ArmDeployment d) {
        return List.of(d.deployed(d.named(ArmDeployment.SCALE_SETS, ArmEvaluator.text(d.variable("byolScaleSetName")))),
                d.deployed(d.named(ArmDeployment.SCALE_SETS, ArmEvaluator.text(d.variable("paygScaleSetName")))));
    }

    private static String text(Object v) {
        return ArmEvaluator.text(v);
    }

    private static Map<?, ?> rule(List<?> rules, int i) {
        return (Map<?, ?>) rules.get(i);
    }

    private static String reference(String resourceIdText, String property) {
        return new Sym("reference(" + resourceIdText + ",2023-01-31)." + property).toString()
                .replace(",2023-01-31", apiVersionOf(resourceIdText));
    }

    private static String apiVersionOf(String resourceIdText) {
        if (resourceIdText.contains("microsoft.documentdb")) {
            return ",2024-11-15";
        }
        return ",2023-01-31";
    }
}
