package com.fortinet.autoscale.domain.settings;

import java.util.Optional;

/**
 * Where the assets are, from the settings (SPEC §5-§7), as the existing product lays them out in Blob
 * Storage; the local runner's asset folder is laid out the same, the folder standing for the container:
 * <ul>
 *   <li>config sets: {@code <asset-storage-name>/<asset-storage-key-prefix>/configset/<name>};</li>
 *   <li>custom config sets: {@code <custom-asset-container>/<custom-asset-directory>/configset/*}
 *       (container defaults to the asset container);</li>
 *   <li>license files: {@code <container>/<directory>/<license-file-directory>/fortigate/*}, where container
 *       and directory are the custom ones when {@code custom-asset-container} is set (the directory falling
 *       back to the prefix), else the asset container and prefix.</li>
 * </ul>
 */
public record AssetLayout(String assetContainer, String assetPrefix, Optional<String> customContainer,
                      Optional<String> customDirectory, String licenseDirectory) {
    public static final String PRODUCT = "fortigate";

    public static AssetLayout of(Settings s) {
        return new AssetLayout(
                s.text(SettingKey.ASSET_STORAGE_NAME).orElse("fortigate-autoscale"),
                trim(s.text(SettingKey.ASSET_STORAGE_KEY_PREFIX).orElse("assets")),
                s.text(SettingKey.CUSTOM_ASSET_CONTAINER).map(String::trim).filter(v -> !v.isEmpty()),
                s.text(SettingKey.CUSTOM_ASSET_DIRECTORY).map(AssetLayout::trim).filter(v -> !v.isEmpty()),
                trim(s.text(SettingKey.LICENSE_FILE_DIRECTORY).orElse("license-files")));
    }

    /** The blob name of a config set. */
    public String configSet(String name) {
        return join(assetPrefix, "configset/" + name);
    }

    /** Whether the operator named a custom location at all. */
    public boolean hasCustomConfigSets() {
        return customContainer.isPresent() || customDirectory.isPresent();
    }

    public String customConfigSetContainer() {
        return customContainer.orElse(assetContainer);
    }

    /** The prefix (ending in {@code /}) under which the custom config sets are listed. */
    public String customConfigSetPrefix() {
        return join(customDirectory.orElse(""), "configset/");
    }

    public String licenseContainer() {
        return customContainer.orElse(assetContainer);
    }

    /** The prefix (ending in {@code /}) under which the license files are listed. */
    public String licensePrefix() {
        String dir = customContainer.isPresent() ? customDirectory.orElse(assetPrefix) : assetPrefix;
        return join(join(dir, licenseDirectory), PRODUCT + "/");
    }

    private static String join(String dir, String rest) {
        return dir.isEmpty() ? rest : dir + "/" + rest;
    }

    /** Without leading or trailing slashes, so that joining never doubles one. */
    private static String trim(String path) {
        String p = path.trim();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
