package com.fortinet.autoscale.arm;

import com.fortinet.autoscale.arm.ArmExpression.Call;
import com.fortinet.autoscale.arm.ArmExpression.Index;
import com.fortinet.autoscale.arm.ArmExpression.Node;
import com.fortinet.autoscale.arm.ArmExpression.Num;
import com.fortinet.autoscale.arm.ArmExpression.Property;
import com.fortinet.autoscale.arm.ArmExpression.Str;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Evaluates ARM template values the way Resource Manager would before a deployment, as far as that can be done
 * without Azure: parameters (given values, else defaults), variables, string/array/object/logical functions and
 * lambdas are computed; what only Azure knows (resource ids, {@code reference}, {@code listKeys},
 * {@code uniqueString}, {@code resourceGroup()}, ...) becomes a {@link Sym}, an opaque value whose text names the
 * call, so a test can still see <em>what</em> a URL is made of (e.g. that its {@code code} is the function app's
 * host key). Values: String, Long, Boolean, List, Map (insertion-ordered), null, Sym.
 */
final class ArmEvaluator {
    /** Opens and closes a {@link Sym}'s text inside a string. */
    static final char OPEN = '\u27E6';
    static final char CLOSE = '\u27E7';

    /** A value only Azure knows at deployment time; {@link #text} names how it is computed. */
    record Sym(String text) {
        @Override
        public String toString() {
            return OPEN + text + CLOSE;
        }
    }

    /** A lambda waiting for its arguments. */
    private record Lambda(List<String> params, Node body) {}

    /** An expression the evaluator cannot compute (unknown parameter, variable cycle, wrong argument type). */
    static final class EvaluationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EvaluationException(String message) {
            super(message);
        }
    }

    private static final Gson GSON = new Gson();

    private final JsonObject template;
    private final Map<String, Object> parameterValues;
    private final Map<String, Object> variableCache = new HashMap<>();
    private final Set<String> evaluating = new HashSet<>();
    private final Deque<Map<String, Object>> lambdaScopes = new ArrayDeque<>();
    private Integer copyIndex;

    /**
     * @param parameterValues values given at deployment (JSON from a parameters file or plain Java values);
     *                        parameters without one take their default, or stay a {@link Sym}
     */
    ArmEvaluator(JsonObject template, Map<String, ?> parameterValues) {
        this.template = Objects.requireNonNull(template, "template");
        this.parameterValues = new HashMap<>();
        parameterValues.forEach((k, v) -> this.parameterValues.put(k, v instanceof JsonElement j ? fromJson(j) : v));
    }

    /** Evaluates inside one iteration of a {@code copy} loop ({@code copyIndex()} = index); null leaves it. */
    ArmEvaluator atCopyIndex(Integer index) {
        this.copyIndex = index;
        return this;
    }

    /** A template value with every expression in it (values and object keys) evaluated. */
    Object evaluate(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return null;
        }
        if (element.isJsonPrimitive()) {
            JsonPrimitive p = element.getAsJsonPrimitive();
            if (p.isString()) {
                return evaluateString(p.getAsString());
            }
            return fromJson(p);
        }
        if (element.isJsonArray()) {
            List<Object> out = new ArrayList<>();
            element.getAsJsonArray().forEach(e -> out.add(evaluate(e)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : element.getAsJsonObject().entrySet()) {
            out.put(text(evaluateString(e.getKey())), evaluate(e.getValue()));
        }
        return out;
    }

    /** A string value: evaluated when it is an expression, unescaped when it starts with {@code [[}. */
    Object evaluateString(String s) {
        if (ArmExpression.isExpression(s)) {
            return eval(ArmExpression.parse(s));
        }
        return s.startsWith("[[") ? s.substring(1) : s;
    }

    /** The value of a variable (evaluated once). */
    Object variable(String name) {
        if (variableCache.containsKey(name)) {
            return variableCache.get(name);
        }
        JsonObject vars = template.has("variables") ? template.getAsJsonObject("variables") : new JsonObject();
        if (!vars.has(name)) {
            throw new EvaluationException("unknown variable '" + name + "'");
        }
        if (!evaluating.add("v:" + name)) {
            throw new EvaluationException("variable '" + name + "' depends on itself");
        }
        try {
            Object v = evaluate(vars.get(name));
            variableCache.put(name, v);
            return v;
        } finally {
            evaluating.remove("v:" + name);
        }
    }

    /** The value of a parameter: the given one, else its default, else a {@link Sym}. */
    Object parameter(String name) {
        JsonObject params = template.has("parameters") ? template.getAsJsonObject("parameters") : new JsonObject();
        if (!params.has(name)) {
            throw new EvaluationException("unknown parameter '" + name + "'");
        }
        if (parameterValues.containsKey(name)) {
            return parameterValues.get(name);
        }
        JsonObject def = params.getAsJsonObject(name);
        if (def.has("defaultValue")) {
            if (!evaluating.add("p:" + name)) {
                throw new EvaluationException("parameter '" + name + "' default depends on itself");
            }
            try {
                return evaluate(def.get("defaultValue"));
            } finally {
                evaluating.remove("p:" + name);
            }
        }
        return new Sym("parameters(" + name + ")");
    }

    /** Text of a value as ARM's {@code string()} gives it ({@code True}/{@code False} for booleans). */
    static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Long || v instanceof Sym) {
            return v.toString();
        }
        return GSON.toJson(v);
    }

    /** Whether a value is (or contains) something only Azure knows. */
    static boolean isOpaque(Object v) {
        return v instanceof Sym || (v instanceof String s && s.indexOf(OPEN) >= 0);
    }

    /** Converts JSON into evaluator values. */
    static Object fromJson(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonPrimitive()) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            if (p.isBoolean()) {
                return p.getAsBoolean();
            }
            if (p.isNumber()) {
                return p.getAsLong();
            }
            return p.getAsString();
        }
        if (e.isJsonArray()) {
            List<Object> out = new ArrayList<>();
            for (JsonElement x : (JsonArray) e) {
                out.add(fromJson(x));
            }
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        e.getAsJsonObject().entrySet().forEach(x -> out.put(x.getKey(), fromJson(x.getValue())));
        return out;
    }

    private Object eval(Node node) {
        if (node instanceof Str s) {
            return s.value();
        }
        if (node instanceof Num n) {
            return n.value();
        }
        if (node instanceof Property p) {
            return property(eval(p.target()), p.name());
        }
        if (node instanceof Index i) {
            return index(eval(i.target()), eval(i.index()));
        }
        return call((Call) node);
    }

    private Object property(Object target, String name) {
        if (target instanceof Sym s) {
            return new Sym(s.text() + "." + name);
        }
        if (target instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (name.equalsIgnoreCase(String.valueOf(e.getKey()))) {
                    return e.getValue();
                }
            }
            throw new EvaluationException("no property '" + name + "' in " + text(target));
        }
        throw new EvaluationException("property '" + name + "' of a non-object " + text(target));
    }

    private Object index(Object target, Object index) {
        if (target instanceof Sym || isOpaque(index)) {
            return new Sym(text(target) + "[" + text(index) + "]");
        }
        if (target instanceof List<?> l && index instanceof Long n) {
            if (n < 0 || n >= l.size()) {
                throw new EvaluationException("index " + n + " out of range of " + text(target));
            }
            return l.get(n.intValue());
        }
        if (target instanceof Map<?, ?> && index instanceof String key) {
            return property(target, key);
        }
        throw new EvaluationException("cannot index " + text(target) + " with " + text(index));
    }

    private Object call(Call c) {
        String fn = c.name().toLowerCase(Locale.ROOT);
        switch (fn) {
            case "parameters":
                return parameter(literal(c, 0));
            case "variables":
                return variable(literal(c, 0));
            case "lambdavariables": {
                String name = literal(c, 0);
                for (Map<String, Object> scope : lambdaScopes) {
                    if (scope.containsKey(name)) {
                        return scope.get(name);
                    }
                }
                throw new EvaluationException("lambdaVariables('" + name + "') outside a lambda with that variable");
            }
            case "lambda": {
                List<String> names = new ArrayList<>();
                for (int i = 0; i < c.args().size() - 1; i++) {
                    names.add(literal(c, i));
                }
                return new Lambda(names, c.args().get(c.args().size() - 1));
            }
            case "if": {
                Object cond = eval(c.args().get(0));
                if (cond instanceof Boolean b) {
                    return eval(c.args().get(b ? 1 : 2));
                }
                return new Sym("if(" + text(cond) + "," + text(eval(c.args().get(1))) + ","
                        + text(eval(c.args().get(2))) + ")");
            }
            case "copyindex": {
                long offset = c.args().isEmpty() ? 0 : (c.args().get(c.args().size() - 1) instanceof Num n
                        ? n.value() : 0);
                return copyIndex == null ? new Sym("copyIndex()") : (Object) (copyIndex + offset);
            }
            default:
                break;
        }
        List<Object> a = new ArrayList<>();
        for (Node n : c.args()) {
            a.add(eval(n));
        }
        return apply(fn, c.name(), a);
    }

    private Object apply(String fn, String displayName, List<Object> a) {
        switch (fn) {
            case "concat":
                if (!a.isEmpty() && a.stream().allMatch(x -> x instanceof List)) {
                    List<Object> out = new ArrayList<>();
                    a.forEach(x -> out.addAll((List<?>) x));
                    return out;
                }
                StringBuilder b = new StringBuilder();
                a.forEach(x -> b.append(text(x)));
                return b.toString();
            case "format": {
                String f = text(a.get(0));
                for (int i = 1; i < a.size(); i++) {
                    f = f.replace("{" + (i - 1) + "}", text(a.get(i)));
                }
                return f;
            }
            case "string":
                return a.get(0) instanceof Sym ? new Sym("string(" + a.get(0).toString() + ")") : text(a.get(0));
            case "int":
                return a.get(0) instanceof Long ? a.get(0) : (isOpaque(a.get(0)) ? sym(fn, a)
                        : (Object) Long.parseLong(text(a.get(0)).trim()));
            case "bool":
                return a.get(0) instanceof Boolean ? a.get(0) : (isOpaque(a.get(0)) ? sym(fn, a)
                        : (Object) Boolean.parseBoolean(text(a.get(0)).trim()));
            case "true":
                return true;
            case "false":
                return false;
            case "null":
                return null;
            case "tolower":
                return outsideMarkers(a.get(0), s -> s.toLowerCase(Locale.ROOT));
            case "toupper":
                return outsideMarkers(a.get(0), s -> s.toUpperCase(Locale.ROOT));
            case "trim":
                return outsideMarkers(a.get(0), String::trim);
            case "replace": {
                String from = text(a.get(1));
                String to = text(a.get(2));
                return outsideMarkers(a.get(0), s -> s.replace(from, to));
            }
            case "take":
                if (a.get(0) instanceof List<?> l) {
                    return new ArrayList<>(l.subList(0, (int) Math.min(l.size(), (Long) a.get(1))));
                }
                if (isOpaque(a.get(0))) {
                    return sym(fn, a);
                }
                return text(a.get(0)).substring(0, (int) Math.min(text(a.get(0)).length(), (Long) a.get(1)));
            case "startswith":
                return isOpaque(a.get(0)) ? sym(fn, a) : (Object) text(a.get(0)).toLowerCase(Locale.ROOT)
                        .startsWith(text(a.get(1)).toLowerCase(Locale.ROOT));
            case "endswith":
                return isOpaque(a.get(0)) ? sym(fn, a) : (Object) text(a.get(0)).toLowerCase(Locale.ROOT)
                        .endsWith(text(a.get(1)).toLowerCase(Locale.ROOT));
            case "contains":
                if (a.get(0) instanceof List<?> l) {
                    return l.contains(a.get(1));
                }
                if (a.get(0) instanceof Map<?, ?> m) {
                    return m.keySet().stream().anyMatch(k -> text(k).equalsIgnoreCase(text(a.get(1))));
                }
                return text(a.get(0)).toLowerCase(Locale.ROOT).contains(text(a.get(1)).toLowerCase(Locale.ROOT));
            case "empty":
                if (a.get(0) instanceof Sym) {
                    return sym(fn, a);
                }
                return a.get(0) == null || "".equals(a.get(0))
                        || (a.get(0) instanceof List<?> l && l.isEmpty())
                        || (a.get(0) instanceof Map<?, ?> m && m.isEmpty());
            case "length":
                if (a.get(0) instanceof List<?> l) {
                    return (long) l.size();
                }
                if (a.get(0) instanceof Map<?, ?> m) {
                    return (long) m.size();
                }
                return isOpaque(a.get(0)) ? sym(fn, a) : (Object) (long) text(a.get(0)).length();
            case "equals":
                return isOpaque(a.get(0)) || isOpaque(a.get(1)) ? sym(fn, a) : (Object) Objects.equals(a.get(0), a.get(1));
            case "not":
                return a.get(0) instanceof Boolean x ? (Object) !x : sym(fn, a);
            case "and":
                if (a.stream().anyMatch(Boolean.FALSE::equals)) {
                    return false;
                }
                return a.stream().allMatch(Boolean.TRUE::equals) ? (Object) true : sym(fn, a);
            case "or":
                if (a.stream().anyMatch(Boolean.TRUE::equals)) {
                    return true;
                }
                return a.stream().allMatch(Boolean.FALSE::equals) ? (Object) false : sym(fn, a);
            case "greater":
            case "less":
            case "greaterorequals":
            case "lessorequals":
                return compare(fn, a);
            case "add":
            case "sub":
            case "mul":
            case "div":
            case "mod":
            case "min":
            case "max":
                return arithmetic(fn, a);
            case "createarray":
                return new ArrayList<>(a);
            case "createobject": {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i + 1 < a.size(); i += 2) {
                    m.put(text(a.get(i)), a.get(i + 1));
                }
                return m;
            }
            case "union": {
                if (a.stream().allMatch(x -> x instanceof List)) {
                    List<Object> out = new ArrayList<>();
                    a.forEach(x -> ((List<?>) x).forEach(y -> {
                        if (!out.contains(y)) {
                            out.add(y);
                        }
                    }));
                    return out;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                for (Object x : a) {
                    if (x instanceof Map<?, ?> mx) {
                        mx.forEach((k, v) -> m.put(text(k), v));
                    } else {
                        // Keys only Azure knows (e.g. the app settings list() returns) stay visible as one entry.
                        m.put(text(x), x);
                    }
                }
                return m;
            }
            case "json":
                if (isOpaque(a.get(0))) {
                    return sym(fn, a);
                }
                try {
                    JsonElement parsed = com.google.gson.JsonParser.parseString(text(a.get(0)));
                    return fromJson(parsed);
                } catch (com.google.gson.JsonParseException e) {
                    // Resource Manager fails the deployment here, quoting the text: templates use it to refuse input.
                    throw new EvaluationException("json() of text that is not JSON: " + text(a.get(0)));
                }
            case "base64":
                return Base64.getEncoder().encodeToString(text(a.get(0)).getBytes(StandardCharsets.UTF_8));
            case "base64tostring":
                return new String(Base64.getDecoder().decode(text(a.get(0))), StandardCharsets.UTF_8);
            case "uricomponent":
                return isOpaque(a.get(0)) ? sym(fn, a)
                        : URLEncoder.encode(text(a.get(0)), StandardCharsets.UTF_8).replace("+", "%20");
            case "range": {
                List<Object> out = new ArrayList<>();
                for (long i = 0; i < (Long) a.get(1); i++) {
                    out.add((Long) a.get(0) + i);
                }
                return out;
            }
            case "map":
            case "filter":
                return mapOrFilter(fn, a);
            case "resourceid":
                return resourceId("rid", a, true);
            case "subscriptionresourceid":
                return resourceId("subrid", a, true);
            case "extensionresourceid": {
                Sym inner = resourceId("rid", a.subList(1, a.size()), false);
                return new Sym("xrid:" + canonicalScope(a.get(0)) + ">" + inner.text().substring("rid:".length()));
            }
            default:
                // Functions only Azure can evaluate: keep the call, with its evaluated arguments, as the value.
                return sym(displayName, a);
        }
    }

    /** The key a resource id names, e.g. {@code rid:microsoft.web/sites/my-app}. */
    static String resourceKey(String type, String name) {
        return "rid:" + type.toLowerCase(Locale.ROOT) + "/" + name;
    }

    /** The canonical id of a scope given as a resource id or as {@code Microsoft.X/types/name[/type/name]}. */
    static String canonicalScope(Object scope) {
        if (scope instanceof Sym s && s.text().startsWith("rid:")) {
            return s.text().substring("rid:".length());
        }
        String t = text(scope);
        List<String> parts = splitOutsideMarkers(t, '/');
        if (parts.size() >= 3 && parts.get(0).contains(".") && parts.size() % 2 == 1) {
            StringBuilder type = new StringBuilder(parts.get(0));
            StringBuilder names = new StringBuilder();
            for (int i = 1; i < parts.size(); i += 2) {
                type.append('/').append(parts.get(i));
                names.append(names.length() == 0 ? "" : "/").append(parts.get(i + 1));
            }
            return type.toString().toLowerCase(Locale.ROOT) + "/" + names;
        }
        return t;
    }

    /** Splits on {@code sep} where it is not inside a {@link Sym}'s text. */
    static List<String> splitOutsideMarkers(String s, char sep) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch == OPEN) {
                depth++;
            } else if (ch == CLOSE) {
                depth--;
            }
            if (ch == sep && depth == 0) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private Sym resourceId(String kind, List<Object> a, boolean allowScopeArgs) {
        int typeAt = 0;
        while (allowScopeArgs && typeAt < a.size() && !text(a.get(typeAt)).contains("/")) {
            typeAt++; // subscription id and resource group name come first when given
        }
        if (typeAt >= a.size()) {
            throw new EvaluationException("resourceId without a resource type: " + text(a));
        }
        StringBuilder names = new StringBuilder();
        for (int i = typeAt + 1; i < a.size(); i++) {
            names.append(names.length() == 0 ? "" : "/").append(text(a.get(i)));
        }
        return new Sym(kind + ":" + text(a.get(typeAt)).toLowerCase(Locale.ROOT) + "/" + names);
    }

    private Object mapOrFilter(String fn, List<Object> a) {
        if (!(a.get(0) instanceof List<?> list) || !(a.get(1) instanceof Lambda lambda)) {
            return sym(fn, a);
        }
        List<Object> out = new ArrayList<>();
        long i = 0;
        for (Object item : list) {
            Map<String, Object> scope = new HashMap<>();
            scope.put(lambda.params().get(0), item);
            if (lambda.params().size() > 1) {
                scope.put(lambda.params().get(1), i);
            }
            lambdaScopes.push(scope);
            try {
                Object r = eval(lambda.body());
                if (fn.equals("map")) {
                    out.add(r);
                } else if (Boolean.TRUE.equals(r)) {
                    out.add(item);
                }
            } finally {
                lambdaScopes.pop();
            }
            i++;
        }
        return out;
    }

    private Object compare(String fn, List<Object> a) {
        if (!(a.get(0) instanceof Long x) || !(a.get(1) instanceof Long y)) {
            return sym(fn, a);
        }
        return switch (fn) {
            case "greater" -> x > y;
            case "less" -> x < y;
            case "greaterorequals" -> x >= y;
            default -> x <= y;
        };
    }

    private Object arithmetic(String fn, List<Object> a) {
        if (!a.stream().allMatch(x -> x instanceof Long)) {
            return sym(fn, a);
        }
        long x = (Long) a.get(0);
        for (int i = 1; i < a.size(); i++) {
            long y = (Long) a.get(i);
            x = switch (fn) {
                case "add" -> x + y;
                case "sub" -> x - y;
                case "mul" -> x * y;
                case "div" -> x / y;
                case "mod" -> x % y;
                case "min" -> Math.min(x, y);
                default -> Math.max(x, y);
            };
        }
        return x;
    }

    private static Object outsideMarkers(Object v, UnaryOperator<String> f) {
        if (v instanceof Sym s) {
            return s; // the text of an opaque value is not transformed: Azure would, but we cannot know it
        }
        String s = text(v);
        StringBuilder out = new StringBuilder();
        StringBuilder plain = new StringBuilder();
        int depth = 0;
        for (char ch : s.toCharArray()) {
            if (ch == OPEN) {
                if (depth == 0) {
                    out.append(f.apply(plain.toString()));
                    plain.setLength(0);
                }
                depth++;
                out.append(ch);
            } else if (ch == CLOSE) {
                depth--;
                out.append(ch);
            } else if (depth == 0) {
                plain.append(ch);
            } else {
                out.append(ch);
            }
        }
        out.append(f.apply(plain.toString()));
        return out.toString();
    }

    private static Sym sym(String fn, List<Object> a) {
        StringBuilder b = new StringBuilder(fn).append('(');
        for (int i = 0; i < a.size(); i++) {
            b.append(i == 0 ? "" : ",").append(text(a.get(i)).replace('"', '\''));
        }
        return new Sym(b.append(')').toString());
    }

    private String literal(Call c, int i) {
        if (c.args().size() <= i) {
            throw new EvaluationException(c.name() + " needs argument " + (i + 1));
        }
        Object v = eval(c.args().get(i));
        if (!(v instanceof String s)) {
            throw new EvaluationException(c.name() + " argument " + (i + 1) + " is not a string: " + text(v));
        }
        return s;
    }
}
