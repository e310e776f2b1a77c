package com.fortinet.autoscale.adapter.fortianalyzer;

import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzer;
import com.fortinet.autoscale.domain.settings.InvalidSettingsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The FortiAnalyzer named by the {@code FAZ_*} app settings, its client built on first use (a deployment
 * without FortiAnalyzer never needs them, and building a TLS context costs start-up time). An insecure
 * switch is taken at once, so its warning is logged when the app loads, and so is an API URL with user
 * info (refused, named, its value never shown); a wrong certificate setting is reported by name on first use.
 */
public final class FortiAnalyzerFromSettings implements FortiAnalyzer {
    /** The JSON-RPC API URL, e.g. {@code https://10.0.3.4}. */
    public static final String API_URL = "FAZ_API_URL";
    /** The API user. */
    public static final String USERNAME = "FAZ_USERNAME";
    /** The API user's password. */
    public static final String PASSWORD = "FAZ_PASSWORD";
    /** PEM of the CA (or the self-signed certificate) trusted for the FortiAnalyzer. */
    public static final String CA_CERTIFICATE = "FAZ_CA_CERTIFICATE";
    /** SHA-256 fingerprint of the one certificate trusted. */
    public static final String CERTIFICATE_SHA256 = "FAZ_CERTIFICATE_SHA256";
    /** {@code true}: no certificate verification (lab only). */
    public static final String TLS_INSECURE = "FAZ_TLS_INSECURE";

    /** How long credentials read from the app settings are used before they are read again. */
    public static final Duration SECRET_TTL = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(FortiAnalyzerFromSettings.class.getName());
    private final Function<String, Optional<String>> appSetting;
    private final Supplier<Function<String, Optional<String>>> freshSecrets;
    private final Clock clock;
    private volatile Built client;

    /** A client and the credentials it was built with, read again from the app settings every 30 s. */
    private record Built(String username, String password, FortiAnalyzer client, Instant readAt) {}

    /**
     * @param appSetting   the app setting of a name as loaded, empty when unset
     * @param freshSecrets a lookup of secrets read again now (Key Vault references: empty while unresolved)
     * @param clock        decides when the credentials are read again
     */
    public FortiAnalyzerFromSettings(Function<String, Optional<String>> appSetting,
                                     Supplier<Function<String, Optional<String>>> freshSecrets, Clock clock) {
        this.appSetting = Objects.requireNonNull(appSetting, "appSetting");
        this.freshSecrets = Objects.requireNonNull(freshSecrets, "freshSecrets");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (appSetting.apply(API_URL).map(JsonRpcFortiAnalyzer.Config::hasUserInfo).orElse(false)) {
            // refused when the app loads, not only on first use: the operator learns of it at once
            LOG.severe(JsonRpcFortiAnalyzer.Config.USER_INFO_REFUSED);
        }
        if (insecure()) {
            try {
                tls();
            } catch (IllegalArgumentException e) {
                // reported by name on first use
            }
        }
    }

    private boolean insecure() {
        return appSetting.apply(TLS_INSECURE).map("true"::equalsIgnoreCase).orElse(false);
    }

    private FazTls tls() {
        return FazTls.from(appSetting.apply(CA_CERTIFICATE).orElse(null),
                appSetting.apply(CERTIFICATE_SHA256).orElse(null), insecure());
    }

    @Override
    public <T> T inSession(Function<Session, T> work) {
        return client().inSession(work);
    }

    private FortiAnalyzer client() {
        Built c = client;
        Instant now = clock.instant();
        if (c != null && now.isBefore(c.readAt().plus(SECRET_TTL))) {
            return c.client();
        }
        synchronized (this) {
            c = client;
            if (c != null && now.isBefore(c.readAt().plus(SECRET_TTL))) {
                return c.client();
            }
            // The credentials are Key Vault references: read again, so a rotated password takes effect.
            Function<String, Optional<String>> fresh = freshSecrets.get();
            if (c != null) {
                String username = require(fresh, USERNAME);
                String password = require(fresh, PASSWORD);
                if (c.username().equals(username) && c.password().equals(password)) {
                    client = new Built(username, password, c.client(), now);
                    return c.client();
                }
            }
            FazTls tls;
            try {
                tls = tls();
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException(List.of(e.getMessage()));
            }
            String url = require(appSetting, API_URL);
            String username = require(fresh, USERNAME);
            String password = require(fresh, PASSWORD);
            FortiAnalyzer built;
            try {
                built = new JsonRpcFortiAnalyzer(JsonRpcFortiAnalyzer.Config.of(url, username, password, tls));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException(List.of(e.getMessage()));
            }
            client = new Built(username, password, built, now);
            return built;
        }
    }

    private static String require(Function<String, Optional<String>> from, String name) {
        return from.apply(name).orElseThrow(() -> new InvalidSettingsException(List.of(
                name + ": not set (needed by enable-fortianalyzer-integration)")));
    }
}
