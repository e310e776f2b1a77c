package com.fortinet.autoscale.adapter.blob;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.fortinet.autoscale.adapter.memory.InMemoryLicenseUsage;
import com.fortinet.autoscale.domain.licensing.LicenseRaceContract;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.licensing.LicenseStock;
import com.fortinet.autoscale.domain.licensing.LicenseUsage;
import com.fortinet.autoscale.support.AzuriteServer;
import java.util.Map;

/**
 * The license race with the stock in Blob Storage (Azurite): listings and downloads under contention. Ten
 * rounds (about a second each); the fifty-round run is the in-memory one, where only the claim is contended.
 */
class BlobLicenseRaceIT extends LicenseRaceContract {
    private static final AzuriteServer AZURITE = AzuriteServer.get();
    private static final BlobServiceClient CLIENT = AssetStorage.withConnectionString(AZURITE.connectionString());

    @Override
    protected int rounds() {
        return 10;
    }

    @Override
    protected LicenseUsage usage() {
        return new InMemoryLicenseUsage();
    }

    @Override
    protected LicenseStock stock(Map<String, String> files) {
        BlobContainerClient container = AZURITE.newContainer("race");
        files.forEach((name, content) -> AzuriteServer.upload(container, "assets/license-files/fortigate/" + name, content));
        Settings s = Settings.from(Map.of("asset-storage-name", container.getBlobContainerName()));
        return new BlobLicenseStock(CLIENT, () -> s);
    }
}
