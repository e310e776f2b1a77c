package com.fortinet.autoscale.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each structural check catches the mistake it is for: the real template passes, and a copy with one mistake
 * put in fails with a problem that names it.
 */
class ArmTemplateChecksTest {
    private final JsonObject real = ArmTemplateChecks.parseStrict(ArmDeployment.TEMPLATE);

    @Test
    void theRealTemplateHasNoStructuralProblem() {
        // Invoke
        List<String> problems = ArmTemplateChecks.checkTemplate(real);

        // Verify
        assertEquals(List.of(), problems);
    }

    @Test
    void theExampleParametersFileFitsTheTemplate() {
        // Setup
        JsonObject file = ArmTemplateChecks.parseStrict(ArmDeployment.PARAMETERS);

        // Invoke
        List<String> problems = ArmTemplateChecks.checkParametersFile(real, file);

        // Verify
        assertEquals(List.of(), problems);
    }

    @Test
    void aReferenceToAnUnknownParameterIsReported() {
        // Setup
        JsonObject broken = real.deepCopy();
        vmss(broken).getAsJsonObject("sku").addProperty("name", "[parameters('instanceSizee')]");

        // Invoke / Verify
        assertReported(broken, "parameters('instanceSizee') is not a parameter of the template");
    }

    @Test
    void aReferenceToAnUnknownVariableIsReported() {
        // Setup
        JsonObject broken = real.deepCopy();
        broken.getAsJsonObject("variables").addProperty("lbProbeId",
                "[concat(variables('lbIdd'), '/probes/fortigate-admin-port')]");

        // Invoke / Verify
        assertReported(broken, "variables('lbIdd') is not a variable of the template");
    }

    @Test
    void aParameterNothingUsesIsReported() {
        // Setup
        JsonObject broken = real.deepCopy();
        JsonObject unused = new JsonObject();
        unused.addProperty("type", "string");
        unused.addProperty("defaultValue", "x");
        broken.getAsJsonObject("parameters").add("forgotten", unused);

        // Invoke / Verify
        assertReported(broken, "parameters.forgotten is never used");
    }

    @Test
    void anExpressionWithAMissingParenthesisIsReported() {
        // Setup
        JsonObject broken = real.deepCopy();
        broken.getAsJsonObject("variables").addProperty("lbId",
                "[resourceId('Microsoft.Network/loadBalancers', variables('lbName')]");

        // Invoke / Verify
        assertReported(broken, "unbalanced parentheses");
    }

    @Test
    void anExpressionWithAnUnclosedQuoteIsReported() {
        // Setup
        JsonObject broken = real.deepCopy();
        broken.getAsJsonObject("variables").addProperty("lbId",
                "[resourceId('Microsoft.Network/loadBalancers, variables('lbName'))]");

        // Invoke / Verify
        assertReported(broken, "unbalanced quotes");
    }

    @Test
    void anExpressionWithAnExtraBracketIsReported() {
        // Setup
        JsonObject broken = real.deepCopy();
        broken.getAsJsonObject("variables").addProperty("lbId",
                "[resourceId('Microsoft.Network/loadBalancers', variables('lbName'))]]");

        // Invoke / Verify
        assertReported(broken, "unbalanced brackets");
    }

    @Test
    void anExpressionWithoutItsClosingBracketIsReportedAsText() {
        // Setup
        JsonObject broken = real.deepCopy();
        broken.getAsJsonObject("variables").addProperty("lbId",
                "[resourceId('Microsoft.Network/loadBalancers', variables('lbName'))");

        // Invoke / Verify
        assertReported(broken, "starts with '[' but does not end with ']'");
    }

    @Test
    void aMisspelledFunctionIsReported() {
        // Setup
        JsonObject broken = real.deepCopy();
        broken.getAsJsonObject("variables").addProperty("vnetName", "[concatt(variables('prefix'), '-vnet')]");

        // Invoke / Verify
        assertReported(broken, "unknown function 'concatt'");
    }

    @Test
    void aLambdaVariableOutsideItsLambdaIsReported() {
        // Setup
        JsonObject broken = real.deepCopy();
        broken.getAsJsonObject("variables").addProperty("cosmosIpRules",
                "[map(parameters('cosmosIpRules'), lambda('cidr', createObject('ipAddressOrRange', "
                        + "lambdaVariables('range'))))]");

        // Invoke / Verify
        assertReported(broken, "lambdaVariables('range') is outside a lambda declaring it");
    }

    @Test
    void aDependsOnTargetThatIsNotInTheTemplateIsReported() {
        // Setup
        JsonObject broken = real.deepCopy();
        vmss(broken).getAsJsonArray("dependsOn")
                .add("[resourceId('Microsoft.Network/virtualNetworks', 'no-such-vnet')]");

        // Invoke / Verify
        assertReported(broken, "dependsOn [resourceId('Microsoft.Network/virtualNetworks', 'no-such-vnet')] names no "
                + "resource");
    }

    @Test
    void aDependsOnARoleAssignmentNotInTheTemplateIsReported() {
        // Setup: the role exists, but on another scope than the one named
        JsonObject broken = real.deepCopy();
        site(broken).getAsJsonArray("dependsOn").add("[extensionResourceId(variables('cosmosAccountId'), "
                + "'Microsoft.Authorization/roleAssignments', guid(variables('keyVaultId'), "
                + "variables('identityId'), variables('roleKeyVaultSecretsUser')))]");

        // Invoke / Verify
        assertReported(broken, "names no resource of the template");
    }

    @Test
    void anUndatedApiVersionIsReported() {
        // Setup
        JsonObject broken = real.deepCopy();
        vmss(broken).addProperty("apiVersion", "latest");

        // Invoke / Verify
        assertReported(broken, "apiVersion 'latest' is not a dated API version");
    }

    @Test
    void aResourceWithoutApiVersionIsReported() {
        // Setup
        JsonObject broken = real.deepCopy();
        vmss(broken).remove("apiVersion");

        // Invoke / Verify
        assertReported(broken, "apiVersion '' is not a dated API version");
    }

    @Test
    void aSecureParameterWithADefaultIsReported() {
        // Setup
        JsonObject broken = real.deepCopy();
        broken.getAsJsonObject("parameters").getAsJsonObject("adminPassword").addProperty("defaultValue",
                "Passw0rd-in-the-template");

        // Invoke / Verify
        assertReported(broken, "parameters.adminPassword is secure but has a default");
    }

    @Test
    void anOutputOfASecretThroughAVariableIsReported() {
        // Setup
        JsonObject broken = real.deepCopy();
        broken.getAsJsonObject("variables").addProperty("leak", "[concat('psk=', parameters('fortigatePskSecret'))]");
        broken.getAsJsonObject("outputs").add("debug", output("string", "[variables('leak')]"));

        // Invoke / Verify
        assertReported(broken, "outputs.debug carries the secure parameter(s) [fortigatePskSecret]");
    }

    @Test
    void anOutputOfAFunctionKeyIsReported() {
        // Setup
        JsonObject broken = real.deepCopy();
        broken.getAsJsonObject("outputs").add("key", output("string",
                "[listKeys(variables('functionHostKeysId'), '2024-04-01').functionKeys.default]"));

        // Invoke / Verify
        assertReported(broken, "outputs.key reads keys or secrets (listKeys)");
    }

    @Test
    void aSecureOutputTypeIsReported() {
        // Setup
        JsonObject broken = real.deepCopy();
        broken.getAsJsonObject("outputs").add("password", output("securestring", "[variables('prefix')]"));

        // Invoke / Verify
        assertReported(broken, "outputs.password is of a secure type");
    }

    @Test
    void aWrongSchemaOrContentVersionIsReported() {
        // Setup
        JsonObject broken = real.deepCopy();
        broken.addProperty("$schema", "https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#");
        broken.remove("contentVersion");

        // Invoke
        List<String> problems = ArmTemplateChecks.checkTemplate(broken);

        // Verify
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$schema is not")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("contentVersion")), problems::toString);
    }

    @Test
    void aTemplateWithATrailingCommaDoesNotParse() throws Exception {
        // Setup
        String text = Files.readString(ArmDeployment.TEMPLATE, StandardCharsets.UTF_8)
                .replaceFirst("\"contentVersion\": \"1.0.0.0\",", "\"contentVersion\": \"1.0.0.0\",,");

        // Invoke / Verify
        assertThrows(JsonParseException.class, () -> ArmTemplateChecks.parseStrict(text));
    }

    @Test
    void aParametersFileWithAnUnknownParameterOrAPlainSecretIsReported() {
        // Setup
        JsonObject file = ArmTemplateChecks.parseStrict(ArmDeployment.PARAMETERS);
        file.getAsJsonObject("parameters").add("instanceSise", value(new JsonPrimitive("Standard_F4s_v2")));
        file.getAsJsonObject("parameters").add("adminPassword", value(new JsonPrimitive("Passw0rd-in-a-file")));
        file.getAsJsonObject("parameters").add("functionPlanSku", value(new JsonPrimitive("Y1")));

        // Invoke
        List<String> problems = ArmTemplateChecks.checkParametersFile(real, file);

        // Verify
        assertEquals(Set.of(
                "parameters file: 'instanceSise' is not a parameter of the template",
                "parameters file: secure parameter 'adminPassword' has a plain value (pass it on the command line "
                        + "or as a Key Vault reference)",
                "parameters file: 'functionPlanSku' = Y1 is not an allowed value"), Set.copyOf(problems));
    }

    private static void assertReported(JsonObject broken, String expected) {
        List<String> problems = ArmTemplateChecks.checkTemplate(broken);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                "expected a problem containing \"" + expected + "\", got " + problems);
    }

    private static JsonObject vmss(JsonObject template) {
        return resource(template, ArmDeployment.SCALE_SETS);
    }

    private static JsonObject site(JsonObject template) {
        return resource(template, ArmDeployment.SITES);
    }

    private static JsonObject resource(JsonObject template, String type) {
        JsonArray resources = template.getAsJsonArray("resources");
        for (int i = 0; i < resources.size(); i++) {
            JsonObject r = resources.get(i).getAsJsonObject();
            if (r.get("type").getAsString().equals(type)) {
                return r;
            }
        }
        throw new AssertionError("no " + type);
    }

    private static JsonObject output(String type, String value) {
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        o.addProperty("value", value);
        return o;
    }

    private static JsonObject value(JsonPrimitive v) {
        JsonObject o = new JsonObject();
        o.add("value", v);
        return o;
    }
}
