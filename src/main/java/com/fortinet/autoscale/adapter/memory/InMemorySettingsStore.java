package com.fortinet.autoscale.adapter.memory;

import com.fortinet.autoscale.domain.settings.SettingsStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Settings kept in this process, seeded from app settings; {@link #put} stands in for an operator's edit. */
public final class InMemorySettingsStore implements SettingsStore {
    private final ConcurrentHashMap<String, String> values = new ConcurrentHashMap<>();

    public InMemorySettingsStore(Map<String, String> seed) {
        values.putAll(seed);
    }

    @Override
    public Map<String, String> readAll() {
        return Map.copyOf(values);
    }

    public void put(String key, String value) {
        values.put(key, value);
    }
}
