package com.fortinet.autoscale.app;

import com.fortinet.autoscale.domain.settings.SettingsStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The settings store with the secret autoscale settings ({@code fortigate-psk-secret}, {@code autoscale-handler-url})
 * taken from the app settings on every load instead of from the store: they are Key Vault references there, so
 * a key rotated in Key Vault reaches the next bootstrap, and no copy of a secret lives in Cosmos DB. A secret the
 * app settings do not hold falls back to the store (a deployment seeded before secrets stayed out of it, or an
 * operator's item). How long a load is kept is the settings provider's TTL ({@code SETTINGS_CACHE_SECONDS}).
 */
final class SecretsFromAppSettings implements SettingsStore {
    private final SettingsStore store;
    private final Supplier<AppSettings> appSettings;

    SecretsFromAppSettings(SettingsStore store, Supplier<AppSettings> appSettings) {
        this.store = Objects.requireNonNull(store, "store");
        this.appSettings = Objects.requireNonNull(appSettings, "appSettings");
    }

    @Override
    public Map<String, String> readAll() {
        Map<String, String> all = new HashMap<>(store.readAll());
        all.putAll(appSettings.get().autoscaleSecrets());
        return all;
    }
}
