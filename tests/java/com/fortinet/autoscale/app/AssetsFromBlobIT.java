package com.fortinet.autoscale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.BlobContainerClient;
import com.fortinet.autoscale.adapter.blob.BlobConfigSets;
import com.fortinet.autoscale.adapter.blob.BlobLicenseStock;
import com.fortinet.autoscale.adapter.local.DemoCluster;
import com.fortinet.autoscale.domain.bootstrap.BootstrapException;
import com.fortinet.autoscale.domain.licensing.LicenseService;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.support.AzuriteServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app built from app settings with asset storage configured ({@code ASSET_STORAGE_CONNECTION_STRING},
 * Azurite): bootstrap assembles config sets from Blob Storage, the built-in ones standing in only for the
 * five names the application ships, custom config sets included; licenses come from Blob Storage.
 */
class AssetsFromBlobIT {
    private static final AzuriteServer AZURITE = AzuriteServer.get();

    @TempDir
    Path localAssets;
    private final BlobContainerClient container = AZURITE.newContainer("fortigate-autoscale");
    private final VmId vm = DemoCluster.members().get(0).vmId();
    private final List<Member> byol = DemoCluster.members().stream()
            .filter(m -> m.licensing() == Member.Licensing.BYOL).toList();

    private App app(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>();
        values.put(AppSettings.ASSET_STORAGE_CONNECTION_STRING, AZURITE.connectionString());
        values.put(AppSettings.LOCAL_ASSET_DIR, localAssets.toString()); // storage wins over the local folder
        values.put("ASSET_STORAGE_NAME", container.getBlobContainerName());
        values.put("AUTOSCALE_HANDLER_URL", "https://fn.example/api/fgt-as-handler");
        values.put("FORTIGATE_PSK_SECRET", "psk");
        values.put("FORTIGATE_AUTOSCALE_VIRTUAL_NETWORK_CIDR", "10.0.0.0/16");
        values.putAll(extra);
        return App.fromSettings(AppSettings.of(values));
    }

    @Test
    void storageSettingsPickTheBlobAdaptersOverTheLocalFolderWithOneClientPerProcess() throws Exception {
        Files.createDirectories(localAssets.resolve("assets/configset"));
        Files.writeString(localAssets.resolve("assets/configset/baseconfig"), "# from the local folder");

        App one = app(Map.of());
        App two = app(Map.of());

        AssetAdapters chosen = AssetAdapters.from(one.appSettings(), () -> {
            throw new AssertionError("the settings are read on use, not when the adapters are chosen");
        });
        assertInstanceOf(BlobConfigSets.class, chosen.configSets());
        assertInstanceOf(BlobLicenseStock.class, chosen.licenseStock());
        assertSame(AssetAdapters.storageClient(one.appSettings()).orElseThrow(),
                AssetAdapters.storageClient(two.appSettings()).orElseThrow(), "the same client");
        assertTrue(!one.bootstrap().configuration(vm, "t").contains("# from the local folder"));
    }

    @Test
    void bootstrapUsesConfigSetsFromBlobStorageIncludingCustomOnes() {
        AzuriteServer.upload(container, "assets/configset/baseconfig",
                "config system auto-scale\n    set role primary\n    set callback-url \"{CALLBACK_URL}\"\nend\n"
                        + "# blob baseconfig for {@device.vmId}\n");
        AzuriteServer.upload(container, "assets/configset/ntp", "config system ntp\n    set ntpsync enable\nend");
        BlobContainerClient custom = AZURITE.newContainer("custom");
        AzuriteServer.upload(custom, "site/configset/50-banner",
                "config system replacemsg admin pre_admin-disclaimer-text\nend");

        String config = app(Map.of("ADDITIONAL_CONFIGSET_NAME_LIST", "ntp",
                "CUSTOM_ASSET_CONTAINER", custom.getBlobContainerName(), "CUSTOM_ASSET_DIRECTORY", "site"))
                .bootstrap().configuration(vm, "t");

        assertTrue(config.contains("# blob baseconfig for " + vm), config);
        assertTrue(config.contains("set callback-url \"https://fn.example/api/fgt-as-handler\""), config);
        assertTrue(config.startsWith("config system interface"), "port2config: the built-in one stands in\n" + config);
        assertTrue(config.contains("set ntpsync enable"), "the additional config set from Blob");
        assertTrue(config.contains("pre_admin-disclaimer-text"), "the custom config set");
        assertTrue(config.indexOf("set ntpsync enable") < config.indexOf("pre_admin-disclaimer-text"),
                "additional config sets come before custom ones");
    }

    @Test
    void theBuiltInConfigSetsStandInForAnEmptyContainer() {
        String config = app(Map.of()).bootstrap().configuration(vm, "t");

        assertTrue(config.contains("config system auto-scale"), config);
    }

    @Test
    void anAdditionalConfigSetMissingFromBlobStorageIsLeftOutAndBaseconfigIsStillServed() {
        AzuriteServer.upload(container, "assets/configset/baseconfig", "config system global\nend");

        String config = app(Map.of("ADDITIONAL_CONFIGSET_NAME_LIST", "ntp")).bootstrap().configuration(vm, "t");

        assertTrue(config.contains("config system global\nend"), config);
        assertFalse(config.contains("ntp"), config);
    }

    @Test
    void licensesComeFromBlobStorage() {
        AzuriteServer.upload(container, "assets/license-files/fortigate/FGVM01.lic", "LICENSE ONE");
        AzuriteServer.upload(container, "assets/license-files/fortigate/FGVM02.lic", "LICENSE TWO");
        App app = app(Map.of());

        LicenseService.Result a = app.licenses().acquire(byol.get(0).vmId(), "t");
        LicenseService.Result b = app.licenses().acquire(byol.get(1).vmId(), "t");
        LicenseService.Result again = app.licenses().acquire(byol.get(0).vmId(), "t");

        String first = assertInstanceOf(LicenseService.Granted.class, a).content();
        assertNotEquals(first, assertInstanceOf(LicenseService.Granted.class, b).content());
        assertTrue(first.startsWith("LICENSE "));
        assertEquals(first, assertInstanceOf(LicenseService.Granted.class, again).content());
    }
}
