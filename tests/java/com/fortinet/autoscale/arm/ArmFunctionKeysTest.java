package com.fortinet.autoscale.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.arm.ArmDeployment.FunctionKey;
import com.fortinet.autoscale.arm.ArmDeployment.FunctionUrl;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A key per consumer: FortiGates, Event Grid and operators each hold their own function key, created by the
 * template from its own parameter, on the functions that consumer calls and no other; nobody gets the host's
 * {@code default} key or the master key.
 */
class ArmFunctionKeysTest {

    @Test
    void eachConsumerHasItsOwnKeyOnlyOnTheFunctionsItCalls() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());

        // Invoke
        Map<String, Set<String>> functionsByKey = d.functionKeys().stream().collect(Collectors.groupingBy(
                FunctionKey::name, Collectors.mapping(FunctionKey::function, Collectors.toCollection(TreeSet::new))));

        // Verify
        assertEquals(Map.of(
                "fortigates", Set.of("byol-license", "fgt-as-handler"),
                "eventgrid", Set.of("fgt-as-handler"),
                "operators", Set.of("cluster-status", "faz-auth-handler")), functionsByKey);
        for (FunctionKey k : d.functionKeys()) {
            String parameter = switch (k.name()) {
                case "fortigates" -> "fortigateFunctionKey";
                case "eventgrid" -> "eventGridFunctionKey";
                default -> "operatorFunctionKey";
            };
            assertEquals(ArmDeployment.EXAMPLE_KEYS.get(parameter), k.value(), k + " takes its value from " + parameter);
        }
    }

    @Test
    void fortiGatesAndEventGridCallWithTheirOwnKeys() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());

        // Invoke
        FunctionKey eventGrid = d.keyOf(FunctionUrl.parse(d.eventGridEndpoint()), "api");
        FunctionKey handlerUrl = d.keyOf(FunctionUrl.parse(d.handlerUrl()), "api");
        List<FunctionKey> customData = d.customDataUrls().values().stream()
                .flatMap(urls -> urls.values().stream())
                .map(url -> d.keyOf(FunctionUrl.parse(url), "api")).toList();

        // Verify
        assertEquals(new FunctionKey("fgt-as-handler", "eventgrid", ArmDeployment.EXAMPLE_KEYS.get("eventGridFunctionKey")),
                eventGrid);
        assertEquals("fortigates", handlerUrl.name(), "heartbeats (callback-url) carry the FortiGates' key");
        assertEquals(3, customData.size(), "BYOL license-url and config-url, PAYG config-url");
        customData.forEach(k -> assertEquals("fortigates", k.name(), "custom data carries the FortiGates' key: " + k));
    }

    @Test
    void noConsumerIsHandedTheDefaultHostKeyOrTheMasterKey() throws Exception {
        // Setup
        String text = Files.readString(ArmDeployment.TEMPLATE, StandardCharsets.UTF_8);
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());

        // Invoke
        String lower = text.toLowerCase(Locale.ROOT);

        // Verify
        assertFalse(lower.contains("listkeys(") || lower.contains("listsecrets("), "no key is read back from the app");
        assertFalse(lower.contains("functionkeys.default") || lower.contains("masterkey"), "neither default nor master");
        assertTrue(d.resourcesOfType("Microsoft.Web/sites/host/functionKeys").isEmpty(), "no host-wide key at all");
        d.functionKeys().forEach(k -> assertFalse(k.name().equalsIgnoreCase("default"), k.toString()));
    }

    @Test
    void theKeysAreSecureParametersThatNeitherOutputsNorTheParametersFileHold() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());
        JsonObject parameters = d.template.getAsJsonObject("parameters");
        JsonObject file = ArmTemplateChecks.parseStrict(ArmDeployment.PARAMETERS).getAsJsonObject("parameters");

        for (String p : ArmDeployment.EXAMPLE_KEYS.keySet()) {
            // Invoke
            JsonObject def = parameters.getAsJsonObject(p);

            // Verify
            assertEquals("securestring", def.get("type").getAsString(), p);
            assertFalse(def.has("defaultValue"), p + " has no default: a redeployment must never change a key by itself");
            assertTrue(def.get("minLength").getAsInt() >= 32, p + " is long enough to be unguessable");
            assertFalse(file.has(p), p + " is passed on the command line, not kept in the parameters file");
        }
        assertEquals(List.of(), ArmTemplateChecks.checkTemplate(d.template), "no output carries a key");
    }

    @Test
    void theKeysComeOnlyAfterThePackageRunsAndBeforeAnythingUsesThem() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());
        String appSettings = ArmEvaluator.text(d.eval(new com.google.gson.JsonPrimitive(
                "[resourceId('Microsoft.Web/sites/config', variables('functionAppName'), 'appsettings')]")));

        // Invoke
        List<JsonObject> keys = d.resourcesOfType(ArmDeployment.FUNCTION_KEYS);

        // Verify: a function key exists only on a loaded function, so after the settings that set the package
        for (JsonObject key : keys) {
            assertTrue(dependsOn(d, key).contains(appSettings), d.name(key) + " waits for the package");
        }
        String fortigateKey = keyId(d, "fgt-as-handler", "fortigates");
        String licenseKey = keyId(d, "byol-license", "fortigates");
        for (JsonObject vmss : d.resourcesOfType(ArmDeployment.SCALE_SETS)) {
            assertTrue(dependsOn(d, vmss).containsAll(List.of(fortigateKey, licenseKey)),
                    d.name(vmss) + " boots no FortiGate before its keys exist");
        }
        assertTrue(dependsOn(d, d.only(ArmDeployment.EVENT_SUBSCRIPTIONS)).contains(keyId(d, "fgt-as-handler", "eventgrid")),
                "Event Grid validates its webhook with its own key");
    }

    private static List<String> dependsOn(ArmDeployment d, JsonObject resource) {
        return resource.getAsJsonArray("dependsOn").asList().stream()
                .map(e -> ArmEvaluator.text(d.ev.evaluateString(e.getAsString()))).toList();
    }

    private static String keyId(ArmDeployment d, String function, String key) {
        return d.resourceIdText(ArmDeployment.FUNCTION_KEYS, d.functionAppName() + "/" + function + "/" + key);
    }
}
