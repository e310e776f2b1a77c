package com.fortinet.autoscale.adapter.blob;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fortinet.autoscale.domain.settings.AssetLayout;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.bootstrap.ConfigSets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Config sets in Blob Storage (see {@link AssetLayout}). A config set that is not there reads as empty,
 * so bootstrap can fall back to a built-in one where SPEC §5 allows it.
 */
public final class BlobConfigSets implements ConfigSets {
    private static final Logger LOG = Logger.getLogger(BlobConfigSets.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final BlobServiceClient client;
    private final Supplier<Settings> settings;

    public BlobConfigSets(BlobServiceClient client, Supplier<Settings> settings) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Optional<String> read(String name) {
        if (!name.matches("[A-Za-z0-9_-]+")) {
            return Optional.empty();
        }
        AssetLayout at = AssetLayout.of(settings.get());
        return download(client.getBlobContainerClient(at.assetContainer()), at.configSet(name), "config set " + name);
    }

    @Override
    public List<Named> custom() {
        AssetLayout at = AssetLayout.of(settings.get());
        if (!at.hasCustomConfigSets()) {
            return List.of();
        }
        BlobContainerClient container = client.getBlobContainerClient(at.customConfigSetContainer());
        String prefix = at.customConfigSetPrefix();
        String where = at.customConfigSetContainer() + "/" + prefix;
        List<String> names = new ArrayList<>();
        try {
            for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(prefix), TIMEOUT)) {
                String name = item.getName().substring(prefix.length());
                if (!name.isEmpty() && name.indexOf('/') < 0) {
                    names.add(name);
                }
            }
        } catch (BlobStorageException e) {
            if (BlobFailures.notFound(e)) {
                LOG.log(Level.WARNING, "custom asset container {0} does not exist: no custom config sets",
                        at.customConfigSetContainer());
                return List.of();
            }
            throw BlobFailures.map(e, "listing custom config sets in " + where);
        } catch (RuntimeException e) {
            throw BlobFailures.map(e, "listing custom config sets in " + where);
        }
        names.sort(Comparator.naturalOrder());
        List<Named> sets = new ArrayList<>();
        for (String name : names) {
            // a blob removed between listing and reading is simply no longer part of the configuration
            download(container, prefix + name, "custom config set " + name)
                    .ifPresent(content -> sets.add(new Named(name, content)));
        }
        return sets;
    }

    private static Optional<String> download(BlobContainerClient container, String blob, String what) {
        try {
            byte[] bytes = container.getBlobClient(blob)
                    .downloadContentWithResponse(null, null, TIMEOUT, Context.NONE).getValue().toBytes();
            String text = new String(bytes, StandardCharsets.UTF_8);
            // editors on Windows may save a byte-order mark, which must not reach FortiOS
            return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (BlobStorageException e) {
            if (BlobFailures.notFound(e)) {
                return Optional.empty();
            }
            throw BlobFailures.map(e, "reading " + what);
        } catch (RuntimeException e) {
            throw BlobFailures.map(e, "reading " + what);
        }
    }
}
