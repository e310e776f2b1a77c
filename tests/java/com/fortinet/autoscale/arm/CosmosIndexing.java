package com.fortinet.autoscale.arm;

import com.azure.cosmos.models.ExcludedPath;
import com.azure.cosmos.models.IncludedPath;
import com.azure.cosmos.models.IndexingPolicy;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cosmos DB indexing policies in one comparable shape, whoever declares them: the ARM template (evaluated JSON) or
 * the Cosmos adapter (the SDK's {@link IndexingPolicy}). Absent path lists count as empty; anything else a policy
 * carries (composite, spatial, vector indexes) is kept, so it shows up as a difference.
 */
final class CosmosIndexing {
    static final String CONTAINERS = "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers";

    private CosmosIndexing() {}

    /** A container as the template deploys it: its TTL and its indexing policy. */
    record Container(Object defaultTtl, Map<String, Object> indexingPolicy) {}

    /** Every container the template deploys, by name. */
    static Map<String, Container> ofTemplate(ArmDeployment d) {
        JsonObject containers = d.only(CONTAINERS);
        Map<String, Container> out = new TreeMap<>();
        long count = (Long) d.eval(containers.getAsJsonObject("copy").get("count"));
        try {
            for (int i = 0; i < count; i++) {
                d.ev.atCopyIndex(i);
                String name = ArmEvaluator.text(d.at(containers, "properties.resource.id"));
                Object policy = d.at(containers, "properties.resource.indexingPolicy");
                out.put(name, new Container(d.at(containers, "properties.resource.defaultTtl"),
                        normalize((Map<?, ?>) policy)));
            }
        } finally {
            d.ev.atCopyIndex(null);
        }
        return out;
    }

    /** A policy as JSON (template or server) in the comparable shape. */
    static Map<String, Object> normalize(Map<?, ?> json) {
        Map<String, Object> out = new TreeMap<>();
        json.forEach((k, v) -> {
            String key = String.valueOf(k);
            switch (key) {
                case "indexingMode" -> out.put(key, String.valueOf(v).toLowerCase(Locale.ROOT));
                case "includedPaths", "excludedPaths" -> out.put(key, paths((List<?>) v));
                default -> {
                    if (v != null && !(v instanceof List<?> l && l.isEmpty())) {
                        out.put(key, v);
                    }
                }
            }
        });
        out.putIfAbsent("includedPaths", List.of());
        out.putIfAbsent("excludedPaths", List.of());
        out.putIfAbsent("automatic", true);
        out.putIfAbsent("indexingMode", "consistent");
        return out;
    }

    /** The SDK's policy (what the adapter creates a missing container with) in the comparable shape. */
    static Map<String, Object> normalize(IndexingPolicy p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("indexingMode", p.getIndexingMode().toString());
        json.put("automatic", p.isAutomatic());
        List<Map<String, Object>> included = new ArrayList<>();
        for (IncludedPath i : p.getIncludedPaths()) {
            included.add(Map.of("path", i.getPath()));
        }
        List<Map<String, Object>> excluded = new ArrayList<>();
        for (ExcludedPath e : p.getExcludedPaths()) {
            excluded.add(Map.of("path", e.getPath()));
        }
        json.put("includedPaths", included);
        json.put("excludedPaths", excluded);
        json.put("compositeIndexes", p.getCompositeIndexes());
        json.put("spatialIndexes", p.getSpatialIndexes());
        return normalize(json);
    }

    /**
     * Why a container's policy keeps an index the product does not use, or is one Cosmos DB refuses (empty when it
     * keeps none): mode {@code none} needs {@code automatic} false and no TTL; otherwise {@code consistent},
     * nothing included and every path ({@code /*}) excluded.
     */
    static List<String> problems(String container, Container c) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> p = c.indexingPolicy();
        Object mode = p.get("indexingMode");
        if ("none".equals(mode)) {
            if (!Boolean.FALSE.equals(p.get("automatic"))) {
                problems.add(container + ": indexing mode none needs automatic=false");
            }
            if (c.defaultTtl() != null) {
                problems.add(container + ": has a TTL, which Cosmos DB refuses with indexing mode none");
            }
        } else if ("consistent".equals(mode)) {
            if (!List.of().equals(p.get("includedPaths"))) {
                problems.add(container + ": includes paths " + p.get("includedPaths") + " in its index");
            }
            if (!List.of("/*").equals(p.get("excludedPaths"))) {
                problems.add(container + ": does not exclude exactly /* but " + p.get("excludedPaths"));
            }
            if (c.defaultTtl() == null) {
                problems.add(container + ": has no TTL, so indexing mode none would index nothing at all");
            }
        } else {
            problems.add(container + ": indexing mode " + mode + " (neither none nor consistent)");
        }
        for (String key : p.keySet()) {
            if (!List.of("indexingMode", "automatic", "includedPaths", "excludedPaths").contains(key)) {
                problems.add(container + ": keeps " + key + " " + p.get(key));
            }
        }
        return problems;
    }

    private static List<String> paths(List<?> list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (Object o : list) {
                out.add(String.valueOf(((Map<?, ?>) o).get("path")));
            }
        }
        return out;
    }
}
