package com.fortinet.autoscale.adapter.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.licensing.LicenseStock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalAssetLicenseStockTest {
    @TempDir
    Path root;

    private Path licenses() throws IOException {
        return Files.createDirectories(root.resolve("assets/license-files/fortigate"));
    }

    @Test
    void listsTheFilesOfTheLicenseFolderWithoutSubFoldersOrHiddenFiles() throws IOException {
        Path dir = licenses();
        Files.writeString(dir.resolve("b.lic"), "B");
        Files.writeString(dir.resolve("a.lic"), "A");
        Files.writeString(dir.resolve(".DS_Store"), "x");
        Files.createDirectories(dir.resolve("old")).resolve("c.lic").toFile().createNewFile();
        Files.writeString(root.resolve("assets/license-files/readme.txt"), "not a license");

        List<LicenseStock.Entry> entries = new LocalAssetLicenseStock(root, Settings::defaults).list();

        assertEquals(List.of("a.lic", "b.lic"), entries.stream().map(LicenseStock.Entry::name).toList());
    }

    @Test
    void downloadsAFileWithTheVersionItIsListedWith() throws IOException {
        Files.writeString(licenses().resolve("a.lic"), "LICENSE A", StandardCharsets.UTF_8);
        LocalAssetLicenseStock stock = new LocalAssetLicenseStock(root, Settings::defaults);

        LicenseStock.File file = stock.download("a.lic").orElseThrow();

        assertArrayEquals("LICENSE A".getBytes(StandardCharsets.UTF_8), file.content());
        assertEquals(stock.list().get(0).version(), file.version());
    }

    @Test
    void aChangedFileHasANewVersion() throws IOException {
        Path file = Files.writeString(licenses().resolve("a.lic"), "ONE");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        LocalAssetLicenseStock stock = new LocalAssetLicenseStock(root, Settings::defaults);
        String before = stock.list().get(0).version();

        Files.writeString(file, "TWO!");

        assertNotEquals(before, stock.list().get(0).version());
    }

    @Test
    void aRemovedFileIsNeitherListedNorDownloaded() throws IOException {
        Path file = Files.writeString(licenses().resolve("a.lic"), "A");
        LocalAssetLicenseStock stock = new LocalAssetLicenseStock(root, Settings::defaults);

        Files.delete(file);

        assertTrue(stock.list().isEmpty());
        assertTrue(stock.download("a.lic").isEmpty());
    }

    @Test
    void aNameCannotLeaveTheLicenseFolder() throws IOException {
        licenses();
        Files.writeString(root.resolve("assets/secret.txt"), "not a license");
        LocalAssetLicenseStock stock = new LocalAssetLicenseStock(root, Settings::defaults);

        assertTrue(stock.download("../../secret.txt").isEmpty());
        assertTrue(stock.download("..").isEmpty());
    }

    @Test
    void theFolderFollowsThePrefixAndLicenseDirectorySettings() throws IOException {
        Path dir = Files.createDirectories(root.resolve("custom-prefix/lic/fortigate"));
        Files.writeString(dir.resolve("x.lic"), "X");
        Settings s = Settings.from(Map.of("asset-storage-key-prefix", "custom-prefix", "license-file-directory", "lic"));

        List<LicenseStock.Entry> entries = new LocalAssetLicenseStock(root, () -> s).list();

        assertEquals(List.of("x.lic"), entries.stream().map(LicenseStock.Entry::name).toList());
    }

    @Test
    void noFolderIsAnEmptyStock() {
        assertTrue(new LocalAssetLicenseStock(root, Settings::defaults).list().isEmpty());
    }
}
