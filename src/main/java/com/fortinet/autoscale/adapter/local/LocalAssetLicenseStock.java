package com.fortinet.autoscale.adapter.local;

import com.fortinet.autoscale.domain.settings.AssetLayout;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.licensing.LicenseStock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * BYOL license files from a local folder laid out like the asset container ({@link AssetLayout}, SPEC §9):
 * {@code <dir>/<asset-storage-key-prefix>/<license-file-directory>/fortigate/<file>}. A file's version tag is
 * its modification time and size, standing in for the ETag a blob listing gives.
 */
public final class LocalAssetLicenseStock implements LicenseStock {
    private final Path root;
    private final Supplier<Settings> settings;

    public LocalAssetLicenseStock(Path root, Supplier<Settings> settings) {
        this.root = Objects.requireNonNull(root, "root");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String location() {
        return "folder " + folder().toAbsolutePath();
    }

    @Override
    public List<Entry> list() {
        Path folder = folder();
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted()
                    .map(f -> new Entry(f.getFileName().toString(), version(f)))
                    .flatMap(e -> e.version().isEmpty() ? Stream.empty() : Stream.of(e))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list license files in " + folder, e);
        }
    }

    @Override
    public Optional<File> download(String name) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..")) {
            return Optional.empty();
        }
        Path file = folder().resolve(name);
        try {
            String version = version(file);
            byte[] content = Files.readAllBytes(file);
            return version.isEmpty() ? Optional.empty() : Optional.of(new File(name, version, content));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read license file " + name, e);
        }
    }

    private Path folder() {
        return root.resolve(AssetLayout.of(settings.get()).licensePrefix());
    }

    /** Modification time and size; empty when the file is gone. */
    private static String version(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + "-" + a.size();
        } catch (IOException e) {
            return "";
        }
    }
}
