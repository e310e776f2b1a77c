package com.fortinet.autoscale.app;

import com.azure.storage.blob.BlobServiceClient;
import com.fortinet.autoscale.adapter.blob.AssetStorage;
import com.fortinet.autoscale.adapter.blob.BlobConfigSets;
import com.fortinet.autoscale.adapter.blob.BlobLicenseStock;
import com.fortinet.autoscale.adapter.local.LocalAssetConfigSets;
import com.fortinet.autoscale.adapter.local.LocalAssetLicenseStock;
import com.fortinet.autoscale.adapter.memory.InMemoryLicenseStock;
import com.fortinet.autoscale.domain.bootstrap.ConfigSets;
import com.fortinet.autoscale.domain.licensing.LicenseStock;
import com.fortinet.autoscale.domain.settings.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Where config sets and license files come from: Blob Storage (by connection string or by endpoint with the
 * managed identity), a local folder laid out like the container ({@code LOCAL_ASSET_DIR}), or nothing (the
 * built-in config sets, no license).
 */
record AssetAdapters(ConfigSets configSets, LicenseStock licenseStock) {
    /** The asset storage clients of the process, by connection (in practice one): built once, shared. */
    private static final ConcurrentHashMap<String, BlobServiceClient> CLIENTS = new ConcurrentHashMap<>();

    static AssetAdapters none() {
        return new AssetAdapters(new NoConfigSets(), new InMemoryLicenseStock());
    }

    /** @param settings the current autoscale settings (container and folder names), read on use */
    static AssetAdapters from(AppSettings appSettings, Supplier<Settings> settings) {
        Optional<BlobServiceClient> blob = storageClient(appSettings);
        if (blob.isPresent()) {
            return new AssetAdapters(new BlobConfigSets(blob.get(), settings), new BlobLicenseStock(blob.get(), settings));
        }
        return appSettings.get(AppSettings.LOCAL_ASSET_DIR)
                .map(dir -> new AssetAdapters(new LocalAssetConfigSets(Path.of(dir), settings),
                        new LocalAssetLicenseStock(Path.of(dir), settings)))
                .orElseGet(AssetAdapters::none);
    }

    /**
     * The asset storage account's client when one is configured: by connection string (local and test use),
     * else by endpoint with the managed identity ({@code AZURE_CLIENT_ID}, or the system-assigned one).
     */
    static Optional<BlobServiceClient> storageClient(AppSettings appSettings) {
        Optional<String> connectionString = appSettings.get(AppSettings.ASSET_STORAGE_CONNECTION_STRING);
        if (connectionString.isPresent()) {
            return Optional.of(CLIENTS.computeIfAbsent("cs:" + connectionString.get(),
                    k -> AssetStorage.withConnectionString(connectionString.get())));
        }
        Optional<String> endpoint = appSettings.get(AppSettings.ASSET_STORAGE_ENDPOINT);
        if (endpoint.isPresent()) {
            String clientId = appSettings.get(AppSettings.AZURE_CLIENT_ID).orElse(null);
            return Optional.of(CLIENTS.computeIfAbsent("mi:" + endpoint.get() + "|" + clientId,
                    k -> AssetStorage.withManagedIdentity(endpoint.get(), clientId)));
        }
        return Optional.empty();
    }

    /** No asset store: bootstrap uses the built-in config sets. */
    private static final class NoConfigSets implements ConfigSets {
        @Override
        public Optional<String> read(String name) {
            return Optional.empty();
        }

        @Override
        public List<Named> custom() {
            return List.of();
        }
    }
}
