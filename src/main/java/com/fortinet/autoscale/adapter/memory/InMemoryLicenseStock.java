package com.fortinet.autoscale.adapter.memory;

import com.fortinet.autoscale.domain.licensing.LicenseStock;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * License files kept in this process: no stock until files are put (the app's default when no asset store is
 * configured), and tests. Every put makes a new version tag, as a blob upload makes a new ETag.
 */
public final class InMemoryLicenseStock implements LicenseStock {
    private final Map<String, File> files = new ConcurrentHashMap<>();
    private final AtomicLong versions = new AtomicLong();

    /** Adds or replaces a file. */
    public InMemoryLicenseStock put(String name, String content) {
        files.put(name, new File(name, "v" + versions.incrementAndGet(), content.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    public void remove(String name) {
        files.remove(name);
    }

    @Override
    public String location() {
        return "in memory: no asset store configured (LOCAL_ASSET_DIR, ASSET_STORAGE_CONNECTION_STRING or"
                + " ASSET_STORAGE_ENDPOINT)";
    }

    @Override
    public List<Entry> list() {
        return files.values().stream()
                .map(f -> new Entry(f.name(), f.version()))
                .sorted(Comparator.comparing(Entry::name))
                .toList();
    }

    @Override
    public Optional<File> download(String name) {
        return Optional.ofNullable(files.get(name));
    }
}
