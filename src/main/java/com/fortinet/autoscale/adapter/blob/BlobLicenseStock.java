package com.fortinet.autoscale.adapter.blob;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobDownloadContentResponse;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fortinet.autoscale.domain.settings.AssetLayout;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.licensing.LicenseStock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The BYOL license files in Blob Storage (see {@link AssetLayout}). A listing is one call per 5,000 files
 * and carries each blob's ETag, so the stock is known without downloading it.
 */
public final class BlobLicenseStock implements LicenseStock {
    private static final Logger LOG = Logger.getLogger(BlobLicenseStock.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final BlobServiceClient client;
    private final Supplier<Settings> settings;

    public BlobLicenseStock(BlobServiceClient client, Supplier<Settings> settings) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String location() {
        AssetLayout at = AssetLayout.of(settings.get());
        return "blob container " + at.licenseContainer() + ", prefix " + at.licensePrefix();
    }

    @Override
    public List<Entry> list() {
        AssetLayout at = AssetLayout.of(settings.get());
        String prefix = at.licensePrefix();
        BlobContainerClient container = client.getBlobContainerClient(at.licenseContainer());
        List<Entry> entries = new ArrayList<>();
        try {
            for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(prefix), TIMEOUT)) {
                String name = item.getName().substring(prefix.length());
                // files of sub-folders and folder markers are not licenses of this directory
                if (!name.isEmpty() && name.indexOf('/') < 0 && !Boolean.TRUE.equals(item.isPrefix())) {
                    entries.add(new Entry(name, item.getProperties().getETag()));
                }
            }
        } catch (BlobStorageException e) {
            if (BlobFailures.notFound(e)) {
                LOG.log(Level.WARNING, "license container {0} does not exist: no license in stock", at.licenseContainer());
                return List.of();
            }
            throw BlobFailures.map(e, "listing " + at.licenseContainer() + "/" + prefix);
        } catch (RuntimeException e) {
            throw BlobFailures.map(e, "listing " + at.licenseContainer() + "/" + prefix);
        }
        return entries;
    }

    @Override
    public Optional<File> download(String name) {
        if (name.isEmpty() || name.contains("/")) {
            return Optional.empty();
        }
        AssetLayout at = AssetLayout.of(settings.get());
        String blob = at.licensePrefix() + name;
        try {
            BlobDownloadContentResponse r = client.getBlobContainerClient(at.licenseContainer()).getBlobClient(blob)
                    .downloadContentWithResponse(null, null, TIMEOUT, Context.NONE);
            return Optional.of(new File(name, r.getDeserializedHeaders().getETag(), r.getValue().toBytes()));
        } catch (BlobStorageException e) {
            if (BlobFailures.notFound(e)) {
                return Optional.empty();
            }
            throw BlobFailures.map(e, "reading license file " + name);
        } catch (RuntimeException e) {
            throw BlobFailures.map(e, "reading license file " + name);
        }
    }
}
