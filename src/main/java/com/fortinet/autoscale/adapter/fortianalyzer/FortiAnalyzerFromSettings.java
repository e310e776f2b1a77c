package com.fortinet.autoscale.adapter.fortianalyzer;

import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzer;
import com.fortinet.autoscale.domain.settings.InvalidSettingsException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
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

    private static final Logger LOG = Logger.getLogger(FortiAnalyzerFromSettings.class.getName());
    private final Function<String, Optional<String>> appSetting;
    private volatile FortiAnalyzer client;

    /** @param appSetting the app setting of a name, empty when unset */
    public FortiAnalyzerFromSettings(Function<String, Optional<String>> appSetting) {
        this.appSetting = Objects.requireNonNull(appSetting, "appSetting");
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
        FortiAnalyzer c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    FazTls tls;
                    try {
                        tls = tls();
                    } catch (IllegalArgumentException e) {
                        throw new InvalidSettingsException(List.of(e.getMessage()));
                    }
                    String url = require(API_URL);
                    try {
                        c = new JsonRpcFortiAnalyzer(JsonRpcFortiAnalyzer.Config.of(url, require(USERNAME),
                                require(PASSWORD), tls));
                    } catch (IllegalArgumentException e) {
                        throw new InvalidSettingsException(List.of(e.getMessage()));
                    }
                    client = c;
                }
            }
        }
        return c;
    }

    private String require(String name) {
        return appSetting.apply(name).orElseThrow(() -> new InvalidSettingsException(List.of(
                name + ": not set (needed by enable-fortianalyzer-integration)")));
    }
}
