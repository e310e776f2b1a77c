package com.fortinet.autoscale.adapter.memory;

import com.fortinet.autoscale.domain.StoreConflictException;
import com.fortinet.autoscale.domain.Versioned;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory item store with the semantics a database gives: every write makes a new version, a create
 * fails when the key exists, a replace fails when the stored version is not the expected one.
 */
final class VersionedMap<K, V> {
    private final ConcurrentHashMap<K, Versioned<V>> items = new ConcurrentHashMap<>();
    private final AtomicLong versions = new AtomicLong();

    Optional<Versioned<V>> read(K key) {
        return Optional.ofNullable(items.get(key));
    }

    Versioned<V> create(K key, V value) {
        Versioned<V> fresh = new Versioned<>(value, nextVersion());
        Versioned<V> existing = items.putIfAbsent(key, fresh);
        if (existing != null) {
            throw new StoreConflictException("item " + key + " exists");
        }
        return fresh;
    }

    Versioned<V> replace(K key, V value, String expectedVersion) {
        Versioned<V> fresh = new Versioned<>(value, nextVersion());
        Versioned<V> result = items.computeIfPresent(key,
                (k, current) -> current.version().equals(expectedVersion) ? fresh : current);
        if (result != fresh) {
            throw new StoreConflictException(result == null ? "item " + key + " is gone" : "item " + key + " changed");
        }
        return fresh;
    }

    Versioned<V> upsert(K key, V value) {
        Versioned<V> fresh = new Versioned<>(value, nextVersion());
        items.put(key, fresh);
        return fresh;
    }

    boolean delete(K key) {
        return items.remove(key) != null;
    }

    boolean deleteIfVersion(K key, String expectedVersion) {
        Versioned<V> current = items.get(key);
        return current != null && current.version().equals(expectedVersion) && items.remove(key, current);
    }

    List<Versioned<V>> values() {
        return List.copyOf(items.values());
    }

    private String nextVersion() {
        return "\"" + versions.incrementAndGet() + "\"";
    }
}
