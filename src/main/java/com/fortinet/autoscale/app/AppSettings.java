package com.fortinet.autoscale.app;

import com.fortinet.autoscale.adapter.fortianalyzer.FortiAnalyzerFromSettings;
import com.fortinet.autoscale.domain.settings.SettingKey;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import com.fortinet.autoscale.domain.settings.InvalidSettingsException;

/**
 * The process's app settings (environment variables on Azure; {@code local.settings.json} {@code Values}
 * overridden by the environment for the local runner). The only place that reads the environment.
 */
public final class AppSettings {
    /** Schedule of the health monitor timer, NCRONTAB with seconds. */
    public static final String HEALTH_MONITOR_SCHEDULE = "HEALTH_MONITOR_SCHEDULE";
    /** Schedule of the FortiAnalyzer authorization timer, NCRONTAB with seconds. */
    public static final String FAZ_AUTH_SCHEDULE = "FAZ_AUTH_SCHEDULE";
    /** Seconds the settings are cached before they are read from the store again. */
    public static final String SETTINGS_CACHE_SECONDS = "SETTINGS_CACHE_SECONDS";
    /** Local runner: port to listen on. */
    public static final String PORT = "PORT";
    /** Local runner: folder laid out like the asset container. */
    public static final String LOCAL_ASSET_DIR = "LOCAL_ASSET_DIR";
    /** Local runner: JSON file describing the scale sets, re-read when it changes. */
    public static final String LOCAL_SCALE_SETS_FILE = "LOCAL_SCALE_SETS_FILE";
    /**
     * Local runner: {@code true} lets it delete FortiGates from real Azure scale sets when
     * {@code terminate-unhealthy-vm} is on; without it the runner refuses to start with
     * {@code TERMINATE_UNHEALTHY_VM=true} against Azure and never deletes an Azure VM.
     */
    public static final String LOCAL_ALLOW_AZURE_TERMINATE = "LOCAL_ALLOW_AZURE_TERMINATE";

    /** Cosmos DB account endpoint; state is kept in memory when unset (local runner only). */
    public static final String COSMOS_ENDPOINT = "COSMOS_ENDPOINT";
    /** Cosmos DB account key, for local and test use only; managed identity is used when unset. */
    public static final String COSMOS_KEY = "COSMOS_KEY";
    /** Cosmos DB database name. */
    public static final String COSMOS_DATABASE = "COSMOS_DATABASE";
    /** Client id of the user-assigned managed identity (Cosmos DB, Storage, compute, Event Grid). */
    public static final String AZURE_CLIENT_ID = "AZURE_CLIENT_ID";
    /** Connection string of the asset storage account (local and test use). */
    public static final String ASSET_STORAGE_CONNECTION_STRING = "ASSET_STORAGE_CONNECTION_STRING";
    /** Blob endpoint of the asset storage account, used with managed identity. */
    public static final String ASSET_STORAGE_ENDPOINT = "ASSET_STORAGE_ENDPOINT";
    /** Subscription holding the scale sets. */
    public static final String AZURE_SUBSCRIPTION_ID = "AZURE_SUBSCRIPTION_ID";
    /** Resource group holding the scale sets. */
    public static final String RESOURCE_GROUP = "RESOURCE_GROUP";
    /** Event Grid custom topic endpoint for notifications; notifications are only logged when unset. */
    public static final String EVENT_GRID_TOPIC_ENDPOINT = "EVENT_GRID_TOPIC_ENDPOINT";
    /** Event Grid topic key (a Key Vault reference in Azure); managed identity is used when unset. */
    public static final String EVENT_GRID_TOPIC_KEY = "EVENT_GRID_TOPIC_KEY";
    /** FortiAnalyzer JSON-RPC API base URL, e.g. {@code https://10.0.3.4}. */
    public static final String FAZ_API_URL = FortiAnalyzerFromSettings.API_URL;
    /** FortiAnalyzer API user (a Key Vault reference in Azure). */
    public static final String FAZ_USERNAME = FortiAnalyzerFromSettings.USERNAME;
    /** FortiAnalyzer API password (a Key Vault reference in Azure). */
    public static final String FAZ_PASSWORD = FortiAnalyzerFromSettings.PASSWORD;
    /**
     * PEM of the CA that signed the FortiAnalyzer's certificate (or of its self-signed certificate); only it
     * is trusted, and the API URL's host or IP must be in the certificate. One-line values may use {@code \n}.
     */
    public static final String FAZ_CA_CERTIFICATE = FortiAnalyzerFromSettings.CA_CERTIFICATE;
    /** SHA-256 fingerprint (hex, colons allowed) of the FortiAnalyzer's certificate: exactly it is trusted. */
    public static final String FAZ_CERTIFICATE_SHA256 = FortiAnalyzerFromSettings.CERTIFICATE_SHA256;
    /** {@code true} turns FortiAnalyzer certificate verification off (lab only; logged loudly at load). */
    public static final String FAZ_TLS_INSECURE = FortiAnalyzerFromSettings.TLS_INSECURE;
    /**
     * Secret (at least 32 bytes; a Key Vault reference in Azure) for the HMAC-SHA256 signature that
     * {@code faz-auth-handler} requires on top of the function key.
     */
    public static final String FAZ_HANDLER_HMAC_SECRET = "FAZ_HANDLER_HMAC_SECRET";

    /**
     * Seconds the scale sets' membership read from Azure Resource Manager is used before it is read again
     * (default 60); an unknown vmId refreshes it at once, at most every 10 seconds.
     */
    public static final String SCALE_SETS_CACHE_SECONDS = "SCALE_SETS_CACHE_SECONDS";
    /** Set by the Functions host on every Azure instance (not an operator's setting): see {@link #onAzure()}. */
    private static final String WEBSITE_INSTANCE_ID = "WEBSITE_INSTANCE_ID";
    /** Notifications: how many events may wait for Event Grid before new ones are dropped (default 1000). */
    public static final String EVENT_GRID_QUEUE_CAPACITY = "EVENT_GRID_QUEUE_CAPACITY";
    /** Notifications: seconds one publish to Event Grid may take (default 5). */
    public static final String EVENT_GRID_TIMEOUT_SECONDS = "EVENT_GRID_TIMEOUT_SECONDS";

    /** Defaults of the app settings that are not autoscale settings. */
    private static final Map<String, String> DEFAULTS = Map.of(
            HEALTH_MONITOR_SCHEDULE, "0 */1 * * * *",
            FAZ_AUTH_SCHEDULE, "0 */12 * * * *",
            SETTINGS_CACHE_SECONDS, "30",
            COSMOS_DATABASE, "FortiGateAutoscale");

    private final Map<String, String> values;
    /** Where {@link #reread} reads again; null for a fixed set of values. */
    private final java.util.function.Supplier<Map<String, String>> source;

    private AppSettings(Map<String, String> values, java.util.function.Supplier<Map<String, String>> source) {
        this.values = Map.copyOf(values);
        this.source = source;
    }

    /** The settings of a function app: its environment (read again by {@link #reread}). */
    public static AppSettings fromEnvironment() {
        return new AppSettings(clean(System.getenv()), System::getenv);
    }

    /**
     * The app settings as their source holds them now: the environment for a function app (secrets are Key Vault
     * references App Service resolves; one it could not resolve may be resolved by now), these same values
     * otherwise.
     */
    public AppSettings reread() {
        return source == null ? this : new AppSettings(clean(source.get()), source);
    }

    /** {@code local.settings.json}'s {@code Values} when the file exists, overridden by the environment. */
    public static AppSettings forLocalRunner(Path localSettingsJson) {
        Map<String, String> merged = new HashMap<>();
        if (localSettingsJson != null && Files.isRegularFile(localSettingsJson)) {
            merged.putAll(readValues(localSettingsJson));
        }
        merged.putAll(System.getenv());
        return of(merged);
    }

    public static AppSettings of(Map<String, String> values) {
        return new AppSettings(clean(values), null);
    }

    /** Settings read from {@code source} now and again on every {@link #reread} (tests stand in for App Service). */
    public static AppSettings readingFrom(java.util.function.Supplier<Map<String, String>> source) {
        return new AppSettings(clean(source.get()), source);
    }

    private static Map<String, String> clean(Map<String, String> values) {
        Map<String, String> clean = new HashMap<>();
        values.forEach((k, v) -> {
            if (k != null && v != null) {
                clean.put(k, v);
            }
        });
        return clean;
    }

    /**
     * A secret app setting ({@code FAZ_PASSWORD}, {@code FAZ_HANDLER_HMAC_SECRET}, …): its value, or empty when
     * unset.
     *
     * @throws InvalidSettingsException naming the setting when it holds an unresolved Key Vault reference, which
     *                                  is never used as a key (its text is not shown)
     */
    public Optional<String> secret(String name) {
        Optional<String> v = get(name);
        if (v.isPresent() && com.fortinet.autoscale.domain.settings.Settings.isUnresolvedKeyVaultReference(v.get())) {
            throw new InvalidSettingsException(List.of(name + ": an unresolved Key Vault reference (App Service"
                    + " could not read the secret; it is read again on the next request)"));
        }
        return v;
    }

    /** A copy with some values replaced. */
    public AppSettings with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(overrides);
        return of(merged);
    }

    /** The value, or its default; empty when unset or blank. */
    public Optional<String> get(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            v = DEFAULTS.get(name);
        }
        return Optional.ofNullable(v).map(String::trim).filter(s -> !s.isEmpty());
    }

    /**
     * Whether the process runs on Azure (the Functions host sets {@code WEBSITE_INSTANCE_ID}): then Azure SDK
     * clients use the managed identity, else {@code DefaultAzureCredential} (local development).
     */
    public boolean onAzure() {
        return get(WEBSITE_INSTANCE_ID).isPresent();
    }

    /** The local runner's port ({@code PORT}, 0 picks a free one; default 7071). */
    public int port() {
        return integer(PORT, 0, 65_535, 7071);
    }

    /** How long a process keeps the autoscale settings before reading them again ({@code SETTINGS_CACHE_SECONDS}). */
    public Duration settingsCacheTtl() {
        return seconds(SETTINGS_CACHE_SECONDS, 0, 30);
    }

    /** How long a membership read from Azure Resource Manager is used ({@code SCALE_SETS_CACHE_SECONDS}). */
    public Duration scaleSetsCacheTtl() {
        return seconds(SCALE_SETS_CACHE_SECONDS, 0, 60);
    }

    /** How many notifications may wait for Event Grid ({@code EVENT_GRID_QUEUE_CAPACITY}). */
    public int eventGridQueueCapacity() {
        return integer(EVENT_GRID_QUEUE_CAPACITY, 1, 1_000_000, 1000);
    }

    /** How long one publish to Event Grid may take ({@code EVENT_GRID_TIMEOUT_SECONDS}). */
    public Duration eventGridTimeout() {
        return seconds(EVENT_GRID_TIMEOUT_SECONDS, 0.1, 5);
    }

    /**
     * A number of seconds (fractions allowed, at least {@code min}), or {@code fallback} when unset.
     *
     * @throws InvalidSettingsException naming the setting when the value is not such a number
     */
    Duration seconds(String name, double min, double fallback) {
        Optional<String> raw = get(name);
        double v;
        try {
            v = raw.map(Double::parseDouble).orElse(fallback);
        } catch (NumberFormatException e) {
            throw invalid(name, "expected a number of seconds, got '" + shown(raw.get()) + "'");
        }
        if (!(v >= min) || v > 86_400 * 365) {
            throw invalid(name, "expected a number of seconds from " + min + ", got '" + shown(raw.orElse("")) + "'");
        }
        return Duration.ofNanos(Math.round(v * 1e9));
    }

    /**
     * A whole number from {@code min} to {@code max}, or {@code fallback} when unset.
     *
     * @throws InvalidSettingsException naming the setting when the value is not such a number
     */
    int integer(String name, int min, int max, int fallback) {
        Optional<String> raw = get(name);
        try {
            int v = raw.map(Integer::parseInt).orElse(fallback);
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid(name, "expected a whole number from " + min + " to " + max + ", got '"
                    + shown(raw.orElse("")) + "'");
        }
    }

    private static InvalidSettingsException invalid(String name, String problem) {
        return new InvalidSettingsException(List.of(name + ": " + problem));
    }

    /** A value as it may appear in an error: short, one line (none of these settings is a secret). */
    private static String shown(String v) {
        String one = v.replaceAll("\\p{Cntrl}", "?");
        return one.length() > 40 ? one.substring(0, 40) + "…" : one;
    }

    public String require(String name) {
        return get(name).orElseThrow(() -> new IllegalStateException("app setting " + name + " is not set"));
    }

    /**
     * The autoscale settings found among the app settings, by kebab-case key ({@code HEARTBEAT_INTERVAL}
     * seeds {@code heartbeat-interval}): what the settings store is seeded with (behaviour §7). Secrets are not
     * among them (they are read from the app settings on every load, {@link #autoscaleSecrets}), nor is an
     * unresolved Key Vault reference.
     */
    public Map<String, String> autoscaleSeed() {
        Map<String, String> seed = new HashMap<>();
        for (SettingKey key : SettingKey.values()) {
            get(key.appSettingName())
                    .filter(v -> !key.isSecret())
                    .filter(v -> !com.fortinet.autoscale.domain.settings.Settings.isUnresolvedKeyVaultReference(v))
                    .ifPresent(v -> seed.put(key.key(), v));
        }
        return seed;
    }

    /**
     * The secret autoscale settings ({@code fortigate-psk-secret}, {@code autoscale-handler-url}) found among the
     * app settings, by kebab-case key, as they are, an unresolved Key Vault reference included (the settings
     * mark it, so that it is never used).
     */
    public Map<String, String> autoscaleSecrets() {
        Map<String, String> secrets = new HashMap<>();
        for (SettingKey key : SettingKey.values()) {
            if (key.isSecret()) {
                get(key.appSettingName()).ifPresent(v -> secrets.put(key.key(), v));
            }
        }
        return secrets;
    }

    private static Map<String, String> readValues(Path file) {
        try {
            JsonElement root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            Map<String, String> out = new HashMap<>();
            if (root.isJsonObject() && root.getAsJsonObject().has("Values")) {
                JsonObject v = root.getAsJsonObject().getAsJsonObject("Values");
                v.entrySet().forEach(e -> {
                    if (e.getValue().isJsonPrimitive()) {
                        out.put(e.getKey(), e.getValue().getAsString());
                    }
                });
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read", e);
        } catch (RuntimeException e) {
            String why = String.valueOf(e.getMessage()).replaceFirst("^[\\w.$]+(Exception|Error): ", "");
            throw new IllegalStateException(file + ": not valid JSON (" + why + ")", e);
        }
    }
}
