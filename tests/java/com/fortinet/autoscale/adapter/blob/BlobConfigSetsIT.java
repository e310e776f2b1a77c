package com.fortinet.autoscale.adapter.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.bootstrap.ConfigSets;
import com.fortinet.autoscale.support.AzuriteServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Config sets on Blob Storage, against Azurite. */
class BlobConfigSetsIT {
    private static final AzuriteServer AZURITE = AzuriteServer.get();

    private static final BlobServiceClient CLIENT = AssetStorage.withConnectionString(AZURITE.connectionString());
    private final BlobContainerClient container = AZURITE.newContainer("assets");

    private BlobConfigSets configSets(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.putIfAbsent("asset-storage-name", container.getBlobContainerName());
        Settings s = Settings.from(all);
        return new BlobConfigSets(CLIENT, () -> s);
    }

    private static List<String> names(List<ConfigSets.Named> sets) {
        return sets.stream().map(ConfigSets.Named::name).toList();
    }

    @Test
    void readsAConfigSetUnderThePrefix() {
        AzuriteServer.upload(container, "assets/configset/baseconfig", "config system global\nend\n");

        assertEquals(Optional.of("config system global\nend\n"), configSets(Map.of()).read("baseconfig"));
    }

    @Test
    void aConfigSetThatIsNotThereReadsAsEmpty() {
        assertEquals(Optional.empty(), configSets(Map.of()).read("baseconfig"));
        assertEquals(Optional.empty(), configSets(Map.of("asset-storage-name", "no-such-container")).read("baseconfig"));
    }

    @Test
    void aNameOutsideTheAllowedCharactersIsNeverLookedUp() {
        AzuriteServer.upload(container, "assets/other", "not a config set");

        assertEquals(Optional.empty(), configSets(Map.of()).read("../other"));
    }

    @Test
    void aByteOrderMarkIsDropped() {
        AzuriteServer.upload(container, "assets/configset/baseconfig", "\uFEFFconfig system global\nend\n");

        assertEquals(Optional.of("config system global\nend\n"), configSets(Map.of()).read("baseconfig"));
    }

    @Test
    void customConfigSetsAreListedInNameOrderFromTheCustomContainerAndDirectory() {
        BlobContainerClient custom = AZURITE.newContainer("custom");
        AzuriteServer.upload(custom, "site-a/configset/20-routes", "config router static\nend");
        AzuriteServer.upload(custom, "site-a/configset/10-dns", "config system dns\nend");
        AzuriteServer.upload(custom, "site-a/configset/old/05-unused", "ignored: a sub-folder");
        AzuriteServer.upload(custom, "site-b/configset/99-other", "ignored: another directory");

        List<ConfigSets.Named> sets = configSets(Map.of("custom-asset-container", custom.getBlobContainerName(),
                "custom-asset-directory", "site-a")).custom();

        assertEquals(List.of("10-dns", "20-routes"), names(sets));
        assertEquals("config system dns\nend", sets.get(0).content());
    }

    @Test
    void aCustomDirectoryAloneIsInTheAssetContainer() {
        AzuriteServer.upload(container, "custom-configs/configset/extra", "config firewall address\nend");

        List<ConfigSets.Named> sets = configSets(Map.of("custom-asset-directory", "custom-configs")).custom();

        assertEquals(List.of("extra"), names(sets));
    }

    @Test
    void noCustomLocationMeansNoCustomConfigSets() {
        AzuriteServer.upload(container, "configset/stray", "x");
        AzuriteServer.upload(container, "assets/configset/baseconfig", "x");

        assertTrue(configSets(Map.of()).custom().isEmpty());
    }

    @Test
    void aRemovedCustomConfigSetIsNoLongerListed() {
        AzuriteServer.upload(container, "custom/configset/a", "A");
        AzuriteServer.upload(container, "custom/configset/b", "B");
        BlobConfigSets sets = configSets(Map.of("custom-asset-directory", "custom"));

        container.getBlobClient("custom/configset/a").delete();

        assertEquals(List.of("b"), names(sets.custom()));
    }
}
