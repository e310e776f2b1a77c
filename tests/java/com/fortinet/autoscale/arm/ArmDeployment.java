package com.fortinet.autoscale.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fortinet.autoscale.arm.ArmEvaluator.Sym;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real template evaluated for one set of parameters (the example parameters file, secure values made up,
 * and a test's overrides): which resources would be deployed and what their properties would be.
 */
final class ArmDeployment {
    static final Path TEMPLATE = Path.of("arm-templates", "azuredeploy.json");
    static final Path PARAMETERS = Path.of("arm-templates", "azuredeploy.parameters.json");

    static final String SITES = "Microsoft.Web/sites";
    static final String SITE_CONFIG = "Microsoft.Web/sites/config";
    static final String SCALE_SETS = "Microsoft.Compute/virtualMachineScaleSets";
    static final String SECRETS = "Microsoft.KeyVault/vaults/secrets";
    static final String VAULTS = "Microsoft.KeyVault/vaults";
    static final String EVENT_SUBSCRIPTIONS = "Microsoft.EventGrid/systemTopics/eventSubscriptions";
    static final String FUNCTION_KEYS = "Microsoft.Web/sites/functions/keys";

    /** Made-up values of the key parameters, as an operator would generate them. */
    static final Map<String, String> EXAMPLE_KEYS = Map.of(
            "fortigateFunctionKey", "fortigate-key-0123456789abcdef0123456789abcdef",
            "eventGridFunctionKey", "eventgrid-key-0123456789abcdef0123456789abcdef",
            "operatorFunctionKey", "operator-key-0123456789abcdef0123456789abcdef0");

    /** A function key the template creates: the function it opens, its name and its value. */
    record FunctionKey(String function, String name, String value) {}

    /** A URL of the function app that carries a key: {@code https://host/path?code=key}. */
    record FunctionUrl(String host, String path, String code) {
        static FunctionUrl parse(String url) {
            Matcher m = Pattern.compile("https://([^/]+)/([^?]+)\\?code=(.+)").matcher(url);
            if (!m.matches()) {
                fail("not an https URL with ?code=: " + url);
            }
            return new FunctionUrl(m.group(1), m.group(2), m.group(3));
        }
    }

    final JsonObject template;
    final ArmEvaluator ev;

    private ArmDeployment(JsonObject template, Map<String, Object> parameters) {
        this.template = template;
        this.ev = new ArmEvaluator(template, parameters);
    }

    /** The real template with the example parameters, made-up secure values and {@code overrides}. */
    static ArmDeployment withExampleParameters(Map<String, Object> overrides) {
        return withExampleParameters(ArmTemplateChecks.parseStrict(TEMPLATE), overrides);
    }

    /** A (possibly altered) copy of the template with the example parameters and {@code overrides}. */
    static ArmDeployment withExampleParameters(JsonObject template, Map<String, Object> overrides) {
        JsonObject file = ArmTemplateChecks.parseStrict(PARAMETERS);
        Map<String, Object> values = new HashMap<>();
        file.getAsJsonObject("parameters").entrySet().forEach(e -> {
            JsonObject entry = e.getValue().getAsJsonObject();
            if (entry.has("value")) {
                values.put(e.getKey(), ArmEvaluator.fromJson(entry.get("value")));
            }
        });
        values.put("adminPassword", "Example-Admin-Passw0rd");
        values.put("fortigatePskSecret", "example-psk-secret");
        values.putAll(EXAMPLE_KEYS);
        values.putAll(overrides);
        return new ArmDeployment(template, values);
    }

    /** The real template with only its own defaults (secure parameters without one stay opaque). */
    static ArmDeployment withDefaults() {
        return new ArmDeployment(ArmTemplateChecks.parseStrict(TEMPLATE), Map.of());
    }

    List<JsonObject> resourcesOfType(String type) {
        List<JsonObject> out = new ArrayList<>();
        for (ArmTemplateChecks.Resource r : ArmTemplateChecks.resources(template)) {
            if (r.type().equalsIgnoreCase(type)) {
                out.add(r.json());
            }
        }
        return out;
    }

    /** The one resource of the type; fails when there is none or several. */
    JsonObject only(String type) {
        List<JsonObject> all = resourcesOfType(type);
        assertEquals(1, all.size(), "resources of type " + type);
        return all.get(0);
    }

    /** The resource of the type whose evaluated name ends with {@code /suffix} (or equals it). */
    JsonObject named(String type, String suffix) {
        for (JsonObject r : resourcesOfType(type)) {
            String name = name(r);
            if (name.equals(suffix) || name.endsWith("/" + suffix)) {
                return r;
            }
        }
        return fail("no " + type + " named " + suffix);
    }

    String name(JsonObject resource) {
        return ArmEvaluator.text(ev.evaluate(resource.get("name")));
    }

    /** Whether the resource would be deployed with these parameters. */
    boolean deployed(JsonObject resource) {
        if (!resource.has("condition")) {
            return true;
        }
        Object c = ev.evaluate(resource.get("condition"));
        if (!(c instanceof Boolean b)) {
            return fail("condition is not decided by the parameters: " + c);
        }
        return b;
    }

    Object eval(JsonElement e) {
        return ev.evaluate(e);
    }

    /** The value at a dotted path of the resource (e.g. {@code properties.siteConfig.minTlsVersion}), evaluated. */
    Object at(JsonObject resource, String path) {
        JsonElement e = resource;
        for (String part : path.split("\\.")) {
            if (!e.isJsonObject() || !e.getAsJsonObject().has(part)) {
                return fail("no " + path + " in " + name(resource));
            }
            e = e.getAsJsonObject().get(part);
        }
        return ev.evaluate(e);
    }

    Object variable(String name) {
        return ev.variable(name);
    }

    String functionAppName() {
        return name(only(SITES));
    }

    /** The resource-id text of a resource as expressions that name it evaluate to. */
    String resourceIdText(String type, String name) {
        return new Sym(ArmEvaluator.resourceKey(type, name)).toString();
    }

    /** The settings the site is created with (its {@code siteConfig.appSettings}). */
    Map<String, Object> initialAppSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        Object list = at(only(SITES), "properties.siteConfig.appSettings");
        assertTrue(list instanceof List<?>, "siteConfig.appSettings is a list");
        for (Object o : (List<?>) list) {
            Map<?, ?> m = (Map<?, ?>) o;
            Object previous = settings.put(ArmEvaluator.text(m.get("name")), m.get("value"));
            assertEquals(null, previous, "app setting " + m.get("name") + " is set twice");
        }
        return settings;
    }

    /**
     * The function app's settings after the deployment: the site's {@code siteConfig.appSettings}, replaced by
     * what a deployed {@code sites/config appsettings} resource writes (such a write replaces them all).
     */
    Map<String, Object> appSettings() {
        Map<String, Object> settings = initialAppSettings();
        for (JsonObject config : resourcesOfType(SITE_CONFIG)) {
            if (name(config).endsWith("/appsettings") && deployed(config)) {
                Object props = at(config, "properties");
                settings.clear();
                ((Map<?, ?>) props).forEach((k, v) -> settings.put(ArmEvaluator.text(k), v));
            }
        }
        return settings;
    }

    /** Follows an {@code @Microsoft.KeyVault(SecretUri=...)} reference to the secret resource of the template. */
    JsonObject secretReferencedBy(Object setting) {
        String s = ArmEvaluator.text(setting);
        Matcher m = Pattern.compile("@Microsoft\\.KeyVault\\(SecretUri=https://(.+?)"
                + Pattern.quote(new Sym("environment().suffixes.keyvaultDns").toString())
                + "/secrets/([A-Za-z0-9-]+)/?\\)").matcher(s);
        if (!m.matches()) {
            return fail("not a Key Vault reference to this cloud's vault DNS: " + s);
        }
        assertEquals(name(only(VAULTS)), m.group(1), "vault of " + s);
        return named(SECRETS, m.group(2));
    }

    /** The function keys the deployment creates (deployed {@code sites/functions/keys}), in template order. */
    List<FunctionKey> functionKeys() {
        List<FunctionKey> out = new ArrayList<>();
        String prefix = functionAppName() + "/";
        for (JsonObject key : resourcesOfType(FUNCTION_KEYS)) {
            if (!deployed(key)) {
                continue;
            }
            String name = name(key);
            assertTrue(name.startsWith(prefix), "a key of the function app: " + name);
            String[] parts = name.substring(prefix.length()).split("/");
            assertEquals(2, parts.length, "app/function/key: " + name);
            assertEquals(parts[1], at(key, "properties.name"), "the key's name property matches its resource name");
            out.add(new FunctionKey(parts[0], parts[1], ArmEvaluator.text(at(key, "properties.value"))));
        }
        return out;
    }

    /**
     * The key a URL of the function app carries, after checking host and encoding: one of the function keys the
     * deployment creates on the function the URL targets (never the host's {@code default} key or the master key).
     */
    FunctionKey keyOf(FunctionUrl url, String routePrefix) {
        String route = routeOf(url, routePrefix);
        for (FunctionKey k : functionKeys()) {
            if (k.function().equals(route) && url.code().equals(
                    java.net.URLEncoder.encode(k.value(), java.nio.charset.StandardCharsets.UTF_8))) {
                return k;
            }
        }
        return fail("the code of " + url + " is none of the function keys the template creates on " + route
                + ": " + functionKeys());
    }

    /** The route under {@code /api/} a URL of the function app targets, after checking its host. */
    String routeOf(FunctionUrl url, String routePrefix) {
        assertEquals(functionAppName() + ".azurewebsites.net", url.host(), "host of " + url);
        String prefix = routePrefix.isEmpty() ? "" : routePrefix + "/";
        assertTrue(url.path().startsWith(prefix), "path of " + url + " starts with " + prefix);
        assertFalse(url.code().contains(ArmEvaluator.OPEN + "listKeys"), "no key read back from the app: " + url);
        return url.path().substring(prefix.length());
    }

    /** The custom data of each deployed scale set, decoded. */
    Map<String, String> customData() {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonObject vmss : resourcesOfType(SCALE_SETS)) {
            if (deployed(vmss)) {
                String b64 = ArmEvaluator.text(at(vmss, "properties.virtualMachineProfile.osProfile.customData"));
                out.put(name(vmss), new String(java.util.Base64.getDecoder().decode(b64),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** The URLs the template writes into the FortiGates' custom data, by custom-data field, per scale set. */
    Map<String, Map<String, String>> customDataUrls() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        customData().forEach((scaleSet, json) -> {
            JsonObject data = ArmTemplateChecks.parseStrict(json);
            Map<String, String> urls = new LinkedHashMap<>();
            data.entrySet().forEach(e -> urls.put(e.getKey(), e.getValue().getAsString()));
            out.put(scaleSet, urls);
        });
        return out;
    }

    /** The value AUTOSCALE_HANDLER_URL resolves to: the Key Vault secret it references. */
    String handlerUrl() {
        JsonObject secret = secretReferencedBy(appSettings().get("AUTOSCALE_HANDLER_URL"));
        assertTrue(deployed(secret), "the handler URL secret is deployed");
        return ArmEvaluator.text(at(secret, "properties.value"));
    }

    /** The webhook URL of the Event Grid subscription for scale-set VM events. */
    String eventGridEndpoint() {
        JsonObject sub = only(EVENT_SUBSCRIPTIONS);
        return ArmEvaluator.text(at(sub, "properties.destination.properties.endpointUrl"));
    }
}
