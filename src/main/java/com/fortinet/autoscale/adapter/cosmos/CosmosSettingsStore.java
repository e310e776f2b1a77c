package com.fortinet.autoscale.adapter.cosmos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fortinet.autoscale.domain.StoreConflictException;
import com.fortinet.autoscale.domain.settings.SettingsStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Settings in the {@code Settings} container (SPEC §7): one item per kebab-case key,
 * {@code {"id":"heartbeat-interval","clusterId":"cluster","value":"30"}}; operators edit the {@code value}.
 *
 * <p>Seeding happens exactly once per deployment: on the first read, unless the marker item
 * {@value #SEEDED_MARKER} exists, every app-setting value whose key has no item yet is created
 * (create-if-absent, so an operator's edit, even one made while seeding runs elsewhere, is never
 * overwritten), then the marker is created. After that, app settings are not consulted again: a key an
 * operator deletes falls back to its default. A read is one partition-scoped read feed; the caller caches it.
 */
public final class CosmosSettingsStore implements SettingsStore {
    /** The id of the item that records that seeding is done; not a setting. */
    public static final String SEEDED_MARKER = "_seeded";

    private static final Logger LOG = Logger.getLogger(CosmosSettingsStore.class.getName());

    private final Items<JsonNode> items;
    private final Map<String, String> seed;
    private final Clock clock;
    private volatile boolean seeded;

    /**
     * @param seed the autoscale settings found among the app settings, by kebab-case key
     */
    public CosmosSettingsStore(CosmosStore store, Map<String, String> seed) {
        this(store, seed, Clock.systemUTC());
    }

    CosmosSettingsStore(CosmosStore store, Map<String, String> seed, Clock clock) {
        this.items = new Items<>(Objects.requireNonNull(store, "store"), CosmosStore.SETTINGS, JsonNode.class,
                n -> n.path("_etag").asText(null));
        this.seed = Map.copyOf(Objects.requireNonNull(seed, "seed"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Map<String, String> readAll() {
        Stored stored = load();
        if (!seeded) {
            synchronized (this) {
                if (!seeded) {
                    stored = seedOnce(stored);
                    seeded = true;
                }
            }
        }
        return Map.copyOf(stored.values());
    }

    private record Stored(Map<String, String> values, boolean seeded) {}

    private Stored load() {
        Map<String, String> values = new HashMap<>();
        boolean marker = false;
        for (Items.Stored<JsonNode> s : items.readAll()) {
            String id = s.item().path("id").asText("");
            if (SEEDED_MARKER.equals(id)) {
                marker = true;
            } else if (!id.isEmpty()) {
                String value = valueText(s.item().get("value"));
                if (value != null) {
                    values.put(id, value);
                }
            }
        }
        return new Stored(values, marker);
    }

    /** A JSON string as is, a number or boolean as its text; absent or null means unset. */
    private static String valueText(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private Stored seedOnce(Stored stored) {
        if (stored.seeded()) {
            return stored;
        }
        Map<String, String> created = new TreeMap<>();
        boolean raced = false;
        for (Map.Entry<String, String> e : new TreeMap<>(seed).entrySet()) {
            if (stored.values().containsKey(e.getKey())) {
                continue;
            }
            try {
                items.create(e.getKey(), item(e.getKey()).put("value", e.getValue()));
                created.put(e.getKey(), e.getValue());
            } catch (StoreConflictException exists) {
                raced = true;
            }
        }
        try {
            items.create(SEEDED_MARKER, item(SEEDED_MARKER).put("seededAt", clock.instant().toString()));
        } catch (StoreConflictException exists) {
            raced = true;
        }
        LOG.info("settings seeded from app settings: " + created.keySet());
        if (raced) {
            return load();
        }
        Map<String, String> values = new HashMap<>(stored.values());
        values.putAll(created);
        return new Stored(values, true);
    }

    private ObjectNode item(String id) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", id);
        n.put("clusterId", items.store().clusterId());
        return n;
    }
}
