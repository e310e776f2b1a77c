package com.fortinet.autoscale.adapter.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.StoreUnavailableException;
import com.fortinet.autoscale.domain.licensing.LicenseStock;
import com.fortinet.autoscale.support.AzuriteServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The license stock on Blob Storage, against Azurite. */
class BlobLicenseStockIT {
    private static final AzuriteServer AZURITE = AzuriteServer.get();

    private static final BlobServiceClient CLIENT = AssetStorage.withConnectionString(AZURITE.connectionString());
    private final BlobContainerClient container = AZURITE.newContainer("assets");

    private BlobLicenseStock stock(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.putIfAbsent("asset-storage-name", container.getBlobContainerName());
        Settings s = Settings.from(all);
        return new BlobLicenseStock(CLIENT, () -> s);
    }

    private static List<String> names(List<LicenseStock.Entry> entries) {
        return entries.stream().map(LicenseStock.Entry::name).sorted().toList();
    }

    @Test
    void listsTheLicenseFilesWithTheirETagsAndNothingElse() {
        AzuriteServer.upload(container, "assets/license-files/fortigate/FGVM01.lic", "ONE");
        AzuriteServer.upload(container, "assets/license-files/fortigate/FGVM02.lic", "TWO");
        AzuriteServer.upload(container, "assets/license-files/fortigate/archive/FGVM00.lic", "OLD");
        AzuriteServer.upload(container, "assets/license-files/fortianalyzer/FAZ.lic", "FAZ");
        AzuriteServer.upload(container, "assets/configset/baseconfig", "config");

        List<LicenseStock.Entry> entries = stock(Map.of()).list();

        assertEquals(List.of("FGVM01.lic", "FGVM02.lic"), names(entries));
        String etag = container.getBlobClient("assets/license-files/fortigate/FGVM01.lic").getProperties().getETag();
        assertTrue(entries.contains(new LicenseStock.Entry("FGVM01.lic", etag)), "the listing's ETag");
    }

    @Test
    void downloadsOneFileWithItsETag() {
        AzuriteServer.upload(container, "assets/license-files/fortigate/FGVM01.lic", "-----BEGIN FGT VM LICENSE-----");
        BlobLicenseStock stock = stock(Map.of());

        LicenseStock.File file = stock.download("FGVM01.lic").orElseThrow();

        assertEquals("-----BEGIN FGT VM LICENSE-----", new String(file.content(), StandardCharsets.UTF_8));
        assertEquals(stock.list().get(0).version(), file.version());
    }

    @Test
    void anOverwrittenFileHasANewETag() {
        AzuriteServer.upload(container, "assets/license-files/fortigate/FGVM01.lic", "ONE");
        BlobLicenseStock stock = stock(Map.of());
        String before = stock.list().get(0).version();

        AzuriteServer.upload(container, "assets/license-files/fortigate/FGVM01.lic", "CHANGED");

        assertNotEquals(before, stock.list().get(0).version());
    }

    @Test
    void aRemovedFileIsNeitherListedNorDownloaded() {
        AzuriteServer.upload(container, "assets/license-files/fortigate/FGVM01.lic", "ONE");
        AzuriteServer.upload(container, "assets/license-files/fortigate/FGVM02.lic", "TWO");
        BlobLicenseStock stock = stock(Map.of());

        container.getBlobClient("assets/license-files/fortigate/FGVM01.lic").delete();

        assertEquals(List.of("FGVM02.lic"), names(stock.list()));
        assertTrue(stock.download("FGVM01.lic").isEmpty());
    }

    @Test
    void thePrefixAndLicenseDirectoryComeFromTheSettings() {
        AzuriteServer.upload(container, "my-assets/licenses/fortigate/X.lic", "X");
        AzuriteServer.upload(container, "assets/license-files/fortigate/NOT-THIS.lic", "N");

        BlobLicenseStock stock = stock(Map.of("asset-storage-key-prefix", "my-assets/", "license-file-directory", "licenses"));

        assertEquals(List.of("X.lic"), names(stock.list()));
        assertEquals("X", new String(stock.download("X.lic").orElseThrow().content(), StandardCharsets.UTF_8));
    }

    @Test
    void withACustomContainerTheLicensesAreInItsCustomDirectoryAsInTheExistingProduct() {
        BlobContainerClient custom = AZURITE.newContainer("custom");
        AzuriteServer.upload(custom, "operator/license-files/fortigate/C.lic", "C");
        AzuriteServer.upload(container, "assets/license-files/fortigate/NOT-THIS.lic", "N");

        BlobLicenseStock stock = stock(Map.of("custom-asset-container", custom.getBlobContainerName(),
                "custom-asset-directory", "operator"));

        assertEquals(List.of("C.lic"), names(stock.list()));
        assertEquals("C", new String(stock.download("C.lic").orElseThrow().content(), StandardCharsets.UTF_8));
    }

    @Test
    void aMissingContainerIsAnEmptyStock() {
        BlobLicenseStock stock = stock(Map.of("asset-storage-name", "no-such-container-here"));

        assertTrue(stock.list().isEmpty());
        assertTrue(stock.download("FGVM01.lic").isEmpty());
    }

    @Test
    void aStorageAccountThatDoesNotAnswerIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        BlobServiceClient nowhere = AssetStorage.withConnectionString(AZURITE.connectionString()
                .replace(":" + AZURITE.port() + "/", ":" + closedPort + "/"));
        Settings s = Settings.defaults();

        StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
                () -> new BlobLicenseStock(nowhere, () -> s).list());

        assertTrue(e.retryAfter().toSeconds() > 0);
    }
}
