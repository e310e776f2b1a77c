package com.fortinet.autoscale.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.arm.ArmDeployment.FunctionUrl;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The template against what the build generates ({@code target/azure-functions/<app>}, one {@code function.json}
 * per function): every URL the template hands to FortiGates (custom data {@code config-url}/{@code license-url},
 * {@code AUTOSCALE_HANDLER_URL}, their heartbeat {@code callback-url}) and to Event Grid reaches a generated HTTP
 * function that accepts that caller's method and key, and every device-facing function the build generates is
 * reachable that way. Every function key the template creates sits on a function the build generates at FUNCTION
 * level, and {@code cluster-status} is one of them, opened by the operators' key.
 */
class ArmTemplateConsistencyIT {
    /** The HTTP functions FortiGates or Event Grid call with a key the template hands out (SPEC §2). */
    static final Set<String> DEVICE_FACING = Set.of("fgt-as-handler", "byol-license");

    /** An HTTP-triggered function as its {@code function.json} declares it. */
    record HttpFunction(String name, String route, Set<String> methods, String authLevel) {
        boolean accepts(String method) {
            return methods.isEmpty() || methods.contains(method);
        }
    }

    /** A URL of the template and how it is called. */
    record Caller(String who, String method, String url) {}

    @Test
    void everyUrlTheTemplateWritesReachesAGeneratedFunctionThatTakesItsCallAndKey() throws IOException {
        // Setup
        Path staging = staging();
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());

        // Invoke
        List<String> problems = reachability(d, httpFunctions(staging), routePrefix(staging));

        // Verify
        assertEquals(List.of(), problems);
    }

    @Test
    void everyDeviceFacingFunctionTheBuildGeneratesIsReachedByTheTemplate() throws IOException {
        // Setup
        Path staging = staging();
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());
        List<HttpFunction> functions = httpFunctions(staging);
        Set<String> reached = new TreeSet<>();
        for (Caller c : callers(d)) {
            reached.add(d.routeOf(FunctionUrl.parse(c.url()), routePrefix(staging)));
        }

        // Invoke
        Set<String> unreached = new TreeSet<>();
        for (HttpFunction f : functions) {
            if (DEVICE_FACING.contains(f.name()) && !reached.contains(f.route())) {
                unreached.add(f.name());
            }
        }

        // Verify
        assertTrue(functions.stream().anyMatch(f -> f.name().equals("fgt-as-handler")), "the build has functions");
        assertEquals(Set.of(), unreached, "device-facing functions no URL of the template reaches");
    }

    @Test
    void everyFunctionKeyOfTheTemplateOpensAFunctionLevelFunctionOfTheBuild() throws IOException {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());
        List<HttpFunction> functions = httpFunctions(staging());

        // Invoke
        List<String> problems = keyProblems(d, functions);

        // Verify
        assertEquals(List.of(), problems);
        HttpFunction status = functions.stream().filter(f -> f.name().equals("cluster-status")).findFirst()
                .orElseThrow();
        assertEquals("FUNCTION", status.authLevel(), "cluster-status takes the operators' function key, not the master key");
        assertTrue(d.functionKeys().contains(new ArmDeployment.FunctionKey("cluster-status", "operators",
                ArmDeployment.EXAMPLE_KEYS.get("operatorFunctionKey"))), d.functionKeys()::toString);
    }

    @Test
    void aKeyOnAFunctionTheBuildDoesNotHaveOrOnAnAdminFunctionIsReported() {
        // Setup: a build without byol-license and with cluster-status back at ADMIN
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());
        List<HttpFunction> functions = List.of(
                new HttpFunction("fgt-as-handler", "fgt-as-handler", Set.of("GET", "POST"), "FUNCTION"),
                new HttpFunction("cluster-status", "cluster-status", Set.of("GET"), "ADMIN"),
                new HttpFunction("faz-auth-handler", "faz-auth-handler", Set.of("POST"), "FUNCTION"));

        // Invoke
        List<String> problems = keyProblems(d, functions);

        // Verify
        assertTrue(problems.stream().anyMatch(p -> p.contains("byol-license") && p.contains("no such function")),
                problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("cluster-status") && p.contains("ADMIN")),
                problems::toString);
    }

    @Test
    void aUrlToAFunctionTheBuildDoesNotGenerateIsReported() throws IOException {
        // Setup: a template whose license-url has a typo
        JsonObject broken = ArmTemplateChecks.parseStrict(ArmDeployment.TEMPLATE);
        broken.getAsJsonObject("variables").addProperty("licenseRoute", "byol-licence");
        Path staging = staging();

        // Invoke
        List<String> problems = reachability(ArmDeployment.withExampleParameters(broken, Map.of()),
                httpFunctions(staging), routePrefix(staging));

        // Verify
        assertTrue(problems.stream().anyMatch(p -> p.contains("license-url") && p.contains("byol-licence")),
                problems::toString);
    }

    @Test
    void aFunctionAFunctionKeyCannotCallOrAMethodItRefusesIsReported() {
        // Setup: a build where fgt-as-handler became admin-only and byol-license POST-only
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());
        List<HttpFunction> functions = List.of(
                new HttpFunction("fgt-as-handler", "fgt-as-handler", Set.of("GET", "POST"), "ADMIN"),
                new HttpFunction("byol-license", "byol-license", Set.of("POST"), "FUNCTION"));

        // Invoke
        List<String> problems = reachability(d, functions, "api");

        // Verify
        assertTrue(problems.stream().anyMatch(p -> p.contains("fgt-as-handler") && p.contains("ADMIN")),
                problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("byol-license") && p.contains("GET")),
                problems::toString);
    }

    /** The URLs FortiGates and Event Grid get from the template, with the method each caller uses. */
    static List<Caller> callers(ArmDeployment d) {
        List<Caller> out = new ArrayList<>();
        d.customDataUrls().forEach((scaleSet, urls) -> {
            assertNotNull(urls.get("config-url"), scaleSet + " custom data has a config-url");
            urls.forEach((field, url) -> out.add(new Caller(scaleSet + " custom data " + field, "GET", url)));
        });
        out.add(new Caller("AUTOSCALE_HANDLER_URL (FortiGate heartbeats)", "POST", d.handlerUrl()));
        out.add(new Caller("Event Grid subscription", "POST", d.eventGridEndpoint()));
        return out;
    }

    /** One line per URL of the template that no generated function would answer as its caller expects. */
    static List<String> reachability(ArmDeployment d, List<HttpFunction> functions, String routePrefix) {
        List<String> problems = new ArrayList<>();
        for (Caller c : callers(d)) {
            String route = d.routeOf(FunctionUrl.parse(c.url()), routePrefix);
            HttpFunction f = functions.stream().filter(x -> x.route().equals(route)).findFirst().orElse(null);
            if (f == null) {
                problems.add(c.who() + " targets /" + routePrefix + "/" + route
                        + ", which no function of the build serves");
                continue;
            }
            if (!f.accepts(c.method())) {
                problems.add(c.who() + " calls " + f.name() + " with " + c.method() + ", which it does not accept "
                        + f.methods());
            }
            if (!"FUNCTION".equals(f.authLevel())) {
                problems.add(c.who() + " calls " + f.name() + " with a function key, but its auth level is "
                        + f.authLevel());
            }
            d.keyOf(FunctionUrl.parse(c.url()), routePrefix);
        }
        return problems;
    }

    /** One line per function key of the template that would fail to deploy or open nothing. */
    static List<String> keyProblems(ArmDeployment d, List<HttpFunction> functions) {
        List<String> problems = new ArrayList<>();
        for (ArmDeployment.FunctionKey k : d.functionKeys()) {
            HttpFunction f = functions.stream().filter(x -> x.name().equals(k.function())).findFirst().orElse(null);
            if (f == null) {
                problems.add("key " + k.name() + " on " + k.function() + ": no such function in the build");
            } else if (!"FUNCTION".equals(f.authLevel())) {
                problems.add("key " + k.name() + " on " + k.function() + ": a function key does not open auth level "
                        + f.authLevel());
            }
        }
        return problems;
    }

    /** Every HTTP-triggered function of the staging directory. */
    static List<HttpFunction> httpFunctions(Path staging) throws IOException {
        List<HttpFunction> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(staging)) {
            for (Path dir : dirs.sorted().toList()) {
                Path json = dir.resolve("function.json");
                if (!Files.isRegularFile(json)) {
                    continue;
                }
                JsonObject fn = ArmTemplateChecks.parseStrict(json);
                for (JsonElement b : fn.getAsJsonArray("bindings")) {
                    JsonObject binding = b.getAsJsonObject();
                    if (!"httpTrigger".equalsIgnoreCase(ArmTemplateChecks.str(binding, "type"))) {
                        continue;
                    }
                    String name = dir.getFileName().toString();
                    String route = binding.has("route") ? binding.get("route").getAsString() : name;
                    Set<String> methods = new TreeSet<>();
                    if (binding.has("methods")) {
                        binding.getAsJsonArray("methods").forEach(m -> methods.add(m.getAsString()
                                .toUpperCase(Locale.ROOT)));
                    }
                    String auth = binding.has("authLevel") ? binding.get("authLevel").getAsString() : "FUNCTION";
                    out.add(new HttpFunction(name, route, methods, auth.toUpperCase(Locale.ROOT)));
                }
            }
        }
        return out;
    }

    /** The route prefix of host.json ({@code extensions.http.routePrefix}, default {@code api}). */
    static String routePrefix(Path staging) {
        JsonObject host = ArmTemplateChecks.parseStrict(staging.resolve("host.json"));
        JsonObject http = ArmTemplateChecks.obj(ArmTemplateChecks.obj(host, "extensions"), "http");
        return http.has("routePrefix") ? http.get("routePrefix").getAsString() : "api";
    }

    private static Path staging() {
        String dir = System.getProperty("functions.stagingDirectory");
        assertNotNull(dir, "system property functions.stagingDirectory (set by the failsafe configuration)");
        Path staging = Path.of(dir);
        assertTrue(Files.isRegularFile(staging.resolve("host.json")), "the build packaged the functions to " + staging);
        assertFalse(staging.toString().isBlank());
        return staging;
    }
}
