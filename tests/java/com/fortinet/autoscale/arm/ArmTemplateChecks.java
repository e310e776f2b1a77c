package com.fortinet.autoscale.arm;

import com.fortinet.autoscale.arm.ArmEvaluator.Sym;
import com.fortinet.autoscale.arm.ArmExpression.Call;
import com.fortinet.autoscale.arm.ArmExpression.Index;
import com.fortinet.autoscale.arm.ArmExpression.Node;
import com.fortinet.autoscale.arm.ArmExpression.Property;
import com.fortinet.autoscale.arm.ArmExpression.Str;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The structural checks a deployment would otherwise be the first to run: each returns one line per problem
 * (empty when the template is sound), naming where the problem is. Used on the real templates and, in tests, on
 * deliberately broken copies to prove each check catches what it claims to.
 */
final class ArmTemplateChecks {
    static final String TEMPLATE_SCHEMA =
            "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
    static final String PARAMETERS_SCHEMA =
            "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#";

    private static final Pattern CONTENT_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final Pattern DATED_API_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");
    private static final Set<String> SECURE_TYPES = Set.of("securestring", "secureobject");

    /** Every ARM template function (lower case); {@code list*} functions are matched by prefix. */
    private static final Set<String> FUNCTIONS = Set.of(
            "array", "concat", "contains", "createarray", "empty", "first", "indexof", "intersection", "items",
            "last", "lastindexof", "length", "max", "min", "range", "skip", "take", "union", "tryget",
            "coalesce", "equals", "greater", "greaterorequals", "less", "lessorequals",
            "datetimeadd", "datetimefromepoch", "datetimetoepoch", "utcnow",
            "deployer", "deployment", "environment", "parameters", "variables",
            "filter", "groupby", "lambda", "lambdavariables", "map", "mapvalues", "reduce", "sort", "toobject",
            "and", "bool", "false", "if", "not", "or", "true",
            "add", "copyindex", "div", "float", "int", "mod", "mul", "sub",
            "createobject", "json", "null", "objectkeys", "shallowmerge",
            "extensionresourceid", "managementgroupresourceid", "pickzones", "providers", "reference", "references",
            "resourcegroup", "resourceid", "subscription", "subscriptionresourceid", "tenantresourceid", "tenant",
            "base64", "base64tojson", "base64tostring", "datauri", "datauritostring", "format", "guid", "join",
            "newguid", "padleft", "replace", "split", "startswith", "endswith", "string", "substring", "tolower",
            "toupper", "trim", "uniquestring", "uri", "uricomponent", "uricomponenttostring",
            "parsecidr", "cidrsubnet", "cidrhost");

    private ArmTemplateChecks() {}

    /** Reads a JSON file strictly (no comments, no trailing commas, no unquoted names). */
    static JsonObject parseStrict(Path file) {
        try {
            return parseStrict(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON strictly; throws {@link JsonParseException} saying where it is malformed. */
    static JsonObject parseStrict(String json) {
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement e = JsonParser.parseReader(reader);
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new JsonParseException("text after the JSON document");
            }
            if (!e.isJsonObject()) {
                throw new JsonParseException("the document is not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (IOException e) {
            throw new JsonParseException(e.getMessage(), e);
        }
    }

    /** Every structural problem of a deployment template. */
    static List<String> checkTemplate(JsonObject t) {
        List<String> problems = new ArrayList<>();
        if (!TEMPLATE_SCHEMA.equals(str(t, "$schema"))) {
            problems.add("$schema is not " + TEMPLATE_SCHEMA);
        }
        if (!CONTENT_VERSION.matcher(str(t, "contentVersion")).matches()) {
            problems.add("contentVersion is missing or not n.n.n.n");
        }
        JsonObject params = obj(t, "parameters");
        JsonObject vars = obj(t, "variables");
        Set<String> usedParams = new HashSet<>();
        Set<String> usedVars = new HashSet<>();
        Map<String, Node> trees = new LinkedHashMap<>();

        forEachString(t, "", (path, s) -> {
            if (ArmExpression.looksLikeBrokenExpression(s)) {
                problems.add(path + ": starts with '[' but does not end with ']', so ARM takes it as text: " + s);
                return;
            }
            if (!ArmExpression.isExpression(s)) {
                return;
            }
            Node tree;
            try {
                tree = ArmExpression.parse(s);
            } catch (ArmExpression.SyntaxException e) {
                problems.add(path + ": " + e.getMessage() + " in " + s);
                return;
            }
            trees.put(path, tree);
            checkNames(tree, path, params, vars, usedParams, usedVars, new ArrayList<>(), problems);
        });

        for (String p : params.keySet()) {
            if (!usedParams.contains(p)) {
                problems.add("parameters." + p + " is never used");
            }
            JsonObject def = params.getAsJsonObject(p);
            boolean secure = SECURE_TYPES.contains(str(def, "type").toLowerCase(Locale.ROOT));
            if (secure && def.has("defaultValue") && !isEmptyValue(def.get("defaultValue"))) {
                problems.add("parameters." + p + " is secure but has a default: a secret in the template");
            }
        }
        for (String v : vars.keySet()) {
            if (!usedVars.contains(v)) {
                problems.add("variables." + v + " is never used");
            }
        }
        checkResources(t, problems);
        checkOutputs(t, trees, problems);
        return problems;
    }

    /** Every problem of a parameters file for the template. */
    static List<String> checkParametersFile(JsonObject template, JsonObject file) {
        List<String> problems = new ArrayList<>();
        if (!PARAMETERS_SCHEMA.equals(str(file, "$schema"))) {
            problems.add("parameters file: $schema is not " + PARAMETERS_SCHEMA);
        }
        if (!CONTENT_VERSION.matcher(str(file, "contentVersion")).matches()) {
            problems.add("parameters file: contentVersion is missing or not n.n.n.n");
        }
        JsonObject defs = obj(template, "parameters");
        JsonObject given = obj(file, "parameters");
        for (Map.Entry<String, JsonElement> e : given.entrySet()) {
            if (!defs.has(e.getKey())) {
                problems.add("parameters file: '" + e.getKey() + "' is not a parameter of the template");
                continue;
            }
            JsonObject def = defs.getAsJsonObject(e.getKey());
            boolean secure = SECURE_TYPES.contains(str(def, "type").toLowerCase(Locale.ROOT));
            JsonObject entry = e.getValue().isJsonObject() ? e.getValue().getAsJsonObject() : new JsonObject();
            if (secure && entry.has("value")) {
                problems.add("parameters file: secure parameter '" + e.getKey()
                        + "' has a plain value (pass it on the command line or as a Key Vault reference)");
            }
            if (!entry.has("value") && !entry.has("reference")) {
                problems.add("parameters file: '" + e.getKey() + "' has neither value nor reference");
            }
            if (entry.has("value") && def.has("allowedValues")) {
                Object v = ArmEvaluator.fromJson(entry.get("value"));
                Object allowed = ArmEvaluator.fromJson(def.get("allowedValues"));
                if (allowed instanceof List<?> l && !l.contains(v)) {
                    problems.add("parameters file: '" + e.getKey() + "' = " + v + " is not an allowed value");
                }
            }
        }
        for (String p : defs.keySet()) {
            JsonObject def = defs.getAsJsonObject(p);
            boolean secure = SECURE_TYPES.contains(str(def, "type").toLowerCase(Locale.ROOT));
            if (!def.has("defaultValue") && !given.has(p) && !secure) {
                problems.add("parameters file: required parameter '" + p + "' has no value");
            }
        }
        return problems;
    }

    /** Calls {@code action(path, string)} for every string value and object key in the JSON tree. */
    static void forEachString(JsonElement e, String path, BiConsumer<String, String> action) {
        if (e == null || e.isJsonNull()) {
            return;
        }
        if (e.isJsonPrimitive()) {
            if (e.getAsJsonPrimitive().isString()) {
                action.accept(path, e.getAsString());
            }
            return;
        }
        if (e.isJsonArray()) {
            for (int i = 0; i < e.getAsJsonArray().size(); i++) {
                forEachString(e.getAsJsonArray().get(i), path + "[" + i + "]", action);
            }
            return;
        }
        for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
            String child = path.isEmpty() ? m.getKey() : path + "." + m.getKey();
            action.accept(child + " (key)", m.getKey());
            forEachString(m.getValue(), child, action);
        }
    }

    /** A resource of the template with its full type (child resources nested in a parent are flattened). */
    record Resource(String path, JsonObject json, String type, Resource parent) {}

    /** Every resource, nested child resources included. */
    static List<Resource> resources(JsonObject t) {
        List<Resource> out = new ArrayList<>();
        if (t.has("resources") && t.get("resources").isJsonArray()) {
            addResources(t.getAsJsonArray("resources"), "resources", null, out);
        }
        return out;
    }

    private static void addResources(com.google.gson.JsonArray array, String path, Resource parent,
            List<Resource> out) {
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isJsonObject()) {
                continue;
            }
            JsonObject r = array.get(i).getAsJsonObject();
            String type = str(r, "type");
            if (parent != null && !type.contains("/")) {
                type = parent.type() + "/" + type;
            }
            Resource res = new Resource(path + "[" + i + "]", r, type, parent);
            out.add(res);
            if (r.has("resources") && r.get("resources").isJsonArray()) {
                addResources(r.getAsJsonArray("resources"), res.path() + ".resources", res, out);
            }
        }
    }

    /** The names a resource can be found by in dependsOn: resource-id keys, full names and copy-loop names. */
    static Set<String> declaredKeys(Resource r, ArmEvaluator ev) {
        Set<String> keys = new LinkedHashSet<>();
        JsonObject json = r.json();
        List<Integer> indexes = new ArrayList<>();
        if (json.has("copy")) {
            JsonObject copy = json.getAsJsonObject("copy");
            keys.add("name:" + str(copy, "name"));
            Object count = ev.evaluate(copy.get("count"));
            long n = count instanceof Long l ? l : 1;
            for (int i = 0; i < n; i++) {
                indexes.add(i);
            }
        } else {
            indexes.add(null);
        }
        for (Integer i : indexes) {
            ev.atCopyIndex(i);
            try {
                String name = ArmEvaluator.text(ev.evaluate(json.get("name")));
                if (r.parent() != null && !name.contains("/")) {
                    name = ArmEvaluator.text(ev.evaluate(r.parent().json().get("name"))) + "/" + name;
                }
                String key = ArmEvaluator.resourceKey(r.type(), name);
                if (json.has("scope")) {
                    key = "xrid:" + ArmEvaluator.canonicalScope(ev.evaluate(json.get("scope"))) + ">"
                            + key.substring("rid:".length());
                }
                keys.add(key);
                keys.add("name:" + name);
            } finally {
                ev.atCopyIndex(null);
            }
        }
        return keys;
    }

    private static void checkResources(JsonObject t, List<String> problems) {
        List<Resource> all = resources(t);
        ArmEvaluator ev = new ArmEvaluator(t, Map.of());
        Set<String> declared = new HashSet<>();
        for (Resource r : all) {
            try {
                declared.addAll(declaredKeys(r, ev));
            } catch (RuntimeException e) {
                problems.add(r.path() + ".name: " + e.getMessage());
            }
        }
        for (Resource r : all) {
            JsonObject json = r.json();
            String what = r.path() + " (" + r.type() + ")";
            if (r.type().isEmpty()) {
                problems.add(r.path() + ": no type");
            }
            if (!json.has("name")) {
                problems.add(what + ": no name");
            }
            String api = str(json, "apiVersion");
            if (!DATED_API_VERSION.matcher(api).matches()) {
                problems.add(what + ": apiVersion '" + api + "' is not a dated API version (yyyy-mm-dd)");
            }
            if (!json.has("dependsOn")) {
                continue;
            }
            for (JsonElement d : json.getAsJsonArray("dependsOn")) {
                String raw = d.getAsString();
                try {
                    Object target = ev.evaluateString(raw);
                    String key = target instanceof Sym s && (s.text().startsWith("rid:") || s.text().startsWith("xrid:"))
                            ? s.text() : "name:" + ArmEvaluator.text(target);
                    if (!declared.contains(key)) {
                        problems.add(what + ": dependsOn " + raw + " names no resource of the template");
                    }
                } catch (RuntimeException e) {
                    problems.add(what + ": dependsOn " + raw + ": " + e.getMessage());
                }
            }
        }
    }

    private static void checkOutputs(JsonObject t, Map<String, Node> trees, List<String> problems) {
        JsonObject params = obj(t, "parameters");
        Set<String> secure = new HashSet<>();
        params.keySet().forEach(p -> {
            if (SECURE_TYPES.contains(str(params.getAsJsonObject(p), "type").toLowerCase(Locale.ROOT))) {
                secure.add(p);
            }
        });
        // Variables that carry a secret, however indirectly.
        Map<String, Set<String>> varRefs = new HashMap<>();
        trees.forEach((path, tree) -> {
            if (path.startsWith("variables.")) {
                String v = path.substring("variables.".length()).split("[.\\[ ]", 2)[0];
                collect(tree, "variables", varRefs.computeIfAbsent(v, k -> new HashSet<>()));
                collect(tree, "parameters", varRefs.get(v));
            }
        });
        JsonObject outputs = obj(t, "outputs");
        for (String o : outputs.keySet()) {
            JsonObject out = outputs.getAsJsonObject(o);
            if (SECURE_TYPES.contains(str(out, "type").toLowerCase(Locale.ROOT))) {
                problems.add("outputs." + o + " is of a secure type: outputs are readable from deployment history");
            }
            trees.forEach((path, tree) -> {
                if (!path.equals("outputs." + o + ".value") && !path.startsWith("outputs." + o + ".value.")
                        && !path.startsWith("outputs." + o + ".value[")) {
                    return;
                }
                ArmExpression.visitCalls(tree, c -> {
                    String fn = c.name().toLowerCase(Locale.ROOT);
                    if (fn.startsWith("list")) {
                        problems.add("outputs." + o + " reads keys or secrets (" + c.name() + ")");
                    }
                });
                Set<String> reach = new HashSet<>();
                collect(tree, "parameters", reach);
                Set<String> seenVars = new HashSet<>();
                Set<String> todo = new HashSet<>();
                collect(tree, "variables", todo);
                while (!todo.isEmpty()) {
                    String v = todo.iterator().next();
                    todo.remove(v);
                    if (seenVars.add(v) && varRefs.containsKey(v)) {
                        varRefs.get(v).forEach(x -> {
                            if (vars(t).has(x)) {
                                todo.add(x);
                            }
                            if (params.has(x)) {
                                reach.add(x);
                            }
                        });
                    }
                }
                reach.retainAll(secure);
                if (!reach.isEmpty()) {
                    problems.add("outputs." + o + " carries the secure parameter(s) " + reach);
                }
            });
        }
    }

    private static JsonObject vars(JsonObject t) {
        return obj(t, "variables");
    }

    /** Collects the literal names passed to {@code parameters(...)} or {@code variables(...)}. */
    private static void collect(Node tree, String function, Set<String> into) {
        ArmExpression.visitCalls(tree, c -> {
            if (c.name().equalsIgnoreCase(function) && !c.args().isEmpty() && c.args().get(0) instanceof Str s) {
                into.add(s.value());
            }
        });
    }

    private static void checkNames(Node node, String path, JsonObject params, JsonObject vars, Set<String> usedParams,
            Set<String> usedVars, List<String> lambdaNames, List<String> problems) {
        if (node instanceof Property p) {
            checkNames(p.target(), path, params, vars, usedParams, usedVars, lambdaNames, problems);
            return;
        }
        if (node instanceof Index i) {
            checkNames(i.target(), path, params, vars, usedParams, usedVars, lambdaNames, problems);
            checkNames(i.index(), path, params, vars, usedParams, usedVars, lambdaNames, problems);
            return;
        }
        if (!(node instanceof Call c)) {
            return;
        }
        String fn = c.name().toLowerCase(Locale.ROOT);
        if (!FUNCTIONS.contains(fn) && !fn.startsWith("list")) {
            problems.add(path + ": unknown function '" + c.name() + "'");
        }
        switch (fn) {
            case "parameters", "variables", "lambdavariables" -> {
                if (c.args().size() != 1 || !(c.args().get(0) instanceof Str s)) {
                    problems.add(path + ": " + c.name() + "() needs one string literal");
                } else if (fn.equals("parameters")) {
                    usedParams.add(s.value());
                    if (!params.has(s.value())) {
                        problems.add(path + ": parameters('" + s.value() + "') is not a parameter of the template");
                    }
                } else if (fn.equals("variables")) {
                    usedVars.add(s.value());
                    if (!vars.has(s.value())) {
                        problems.add(path + ": variables('" + s.value() + "') is not a variable of the template");
                    }
                } else if (!lambdaNames.contains(s.value())) {
                    problems.add(path + ": lambdaVariables('" + s.value() + "') is outside a lambda declaring it");
                }
                return;
            }
            case "lambda" -> {
                List<String> inner = new ArrayList<>(lambdaNames);
                for (int i = 0; i < c.args().size() - 1; i++) {
                    if (c.args().get(i) instanceof Str s) {
                        inner.add(s.value());
                    } else {
                        problems.add(path + ": lambda() variable names must be string literals");
                    }
                }
                if (!c.args().isEmpty()) {
                    checkNames(c.args().get(c.args().size() - 1), path, params, vars, usedParams, usedVars, inner,
                            problems);
                }
                return;
            }
            default -> c.args().forEach(a -> checkNames(a, path, params, vars, usedParams, usedVars, lambdaNames,
                    problems));
        }
    }

    private static boolean isEmptyValue(JsonElement e) {
        return e.isJsonNull() || (e.isJsonPrimitive() && e.getAsString().isEmpty())
                || (e.isJsonObject() && e.getAsJsonObject().size() == 0);
    }

    static String str(JsonObject o, String key) {
        return o != null && o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : "";
    }

    static JsonObject obj(JsonObject o, String key) {
        return o != null && o.has(key) && o.get(key).isJsonObject() ? o.getAsJsonObject(key) : new JsonObject();
    }
}
