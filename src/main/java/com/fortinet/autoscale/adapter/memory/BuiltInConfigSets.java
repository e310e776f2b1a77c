package com.fortinet.autoscale.adapter.memory;

import com.fortinet.autoscale.domain.bootstrap.ConfigSets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The config sets shipped in the application jar ({@code /configset/<name>}), read once and kept. */
public final class BuiltInConfigSets implements ConfigSets {
    private final Map<String, Optional<String>> cache = new ConcurrentHashMap<>();

    @Override
    public Optional<String> read(String name) {
        return cache.computeIfAbsent(name, BuiltInConfigSets::load);
    }

    @Override
    public List<Named> custom() {
        return List.of();
    }

    private static Optional<String> load(String name) {
        if (!name.matches("[A-Za-z0-9_-]+")) {
            return Optional.empty();
        }
        try (InputStream in = BuiltInConfigSets.class.getResourceAsStream("/configset/" + name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in config set " + name, e);
        }
    }
}
