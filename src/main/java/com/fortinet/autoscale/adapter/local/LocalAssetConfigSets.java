package com.fortinet.autoscale.adapter.local;

import com.fortinet.autoscale.domain.settings.AssetLayout;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.bootstrap.ConfigSets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Config sets from a local folder laid out like the asset container ({@link AssetLayout}, SPEC §9):
 * {@code <dir>/<asset-storage-key-prefix>/configset/<name>}; custom config sets under
 * {@code <dir>/<custom-asset-directory>/configset/}.
 */
public final class LocalAssetConfigSets implements ConfigSets {
    private final Path root;
    private final Supplier<Settings> settings;

    public LocalAssetConfigSets(Path root, Supplier<Settings> settings) {
        this.root = root;
        this.settings = settings;
    }

    @Override
    public Optional<String> read(String name) {
        if (!name.matches("[A-Za-z0-9_-]+")) {
            return Optional.empty();
        }
        Path file = root.resolve(AssetLayout.of(settings.get()).configSet(name));
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config set " + name, e);
        }
    }

    @Override
    public List<Named> custom() {
        AssetLayout layout = AssetLayout.of(settings.get());
        if (!layout.hasCustomConfigSets()) {
            return List.of();
        }
        Path folder = root.resolve(layout.customConfigSetPrefix());
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .sorted()
                    .map(f -> {
                        try {
                            return new Named(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list custom config sets", e);
        }
    }
}
