package com.fortinet.autoscale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.fortianalyzer.FortiAnalyzerFromSettings;
import com.fortinet.autoscale.domain.settings.InvalidSettingsException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the composition root builds the FortiAnalyzer client from app settings. */
class AppFortiAnalyzerTest {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger tlsLogger = Logger.getLogger("com.fortinet.autoscale.adapter.fortianalyzer.FazTls");
    private final Logger appLogger = Logger.getLogger(FortiAnalyzerFromSettings.class.getName());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private App app;

    @BeforeEach
    void listen() {
        tlsLogger.addHandler(handler);
        appLogger.addHandler(handler);
    }

    @AfterEach
    void stop() {
        tlsLogger.removeHandler(handler);
        appLogger.removeHandler(handler);
        if (app != null) {
            app.close();
        }
    }

    private App build(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.putIfAbsent("ENABLE_FORTIANALYZER_INTEGRATION", "true");
        app = App.builder(AppSettings.of(all)).build();
        return app;
    }

    @Test
    void theInsecureSwitchIsAnnouncedWhenTheAppLoads() {
        build(Map.of(AppSettings.FAZ_API_URL, "https://10.0.3.4", AppSettings.FAZ_TLS_INSECURE, "true"));

        assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.SEVERE
                && r.getMessage().contains("NOT verified")), "no loud warning at load");
    }

    @Test
    void aVerifiedSetupLoadsQuietly() {
        build(Map.of(AppSettings.FAZ_API_URL, "https://10.0.3.4", AppSettings.FAZ_CERTIFICATE_SHA256, "ab".repeat(32)));

        assertEquals(List.of(), records);
    }

    @Test
    void aWrongCertificateSettingIsReportedByNameOnFirstUse() {
        App a = build(Map.of(AppSettings.FAZ_API_URL, "https://10.0.3.4", AppSettings.FAZ_CERTIFICATE_SHA256, "xyz"));

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> a.fazAuthorization().reconcile("cid"));

        assertTrue(e.getMessage().contains("FAZ_CERTIFICATE_SHA256"), e.getMessage());
    }

    @Test
    void aMissingApiAddressIsReportedByNameWhenTheIntegrationIsOn() {
        App a = build(Map.of(AppSettings.FAZ_USERNAME, "u", AppSettings.FAZ_PASSWORD, "p"));

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> a.fazAuthorization().reconcile("cid"));

        assertTrue(e.getMessage().contains("FAZ_API_URL"), e.getMessage());
    }

    @Test
    void aPlainHttpAddressIsRefusedWithoutShowingThePassword() {
        App a = build(Map.of(AppSettings.FAZ_API_URL, "http://10.0.3.4", AppSettings.FAZ_USERNAME, "u",
                AppSettings.FAZ_PASSWORD, "pw-never-shown"));

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> a.fazAuthorization().reconcile("cid"));

        assertTrue(e.getMessage().contains("https"), e.getMessage());
        assertFalse(e.getMessage().contains("pw-never-shown"));
    }

    @Test
    void withTheIntegrationOffNoFortiAnalyzerSettingIsNeeded() {
        App a = build(Map.of("ENABLE_FORTIANALYZER_INTEGRATION", "false"));

        assertFalse(a.fazAuthorization().reconcile("cid").enabled());
    }

    @Test
    void anApiAddressWithUserInfoIsRefusedAtLoadByNameWithoutShowingIt() {
        // Setup / Invoke: credentials in the URL, once well-formed and once not even parsable
        for (String url : List.of("https://autoscale-api:pw-in-url@10.0.3.4", "https://autoscale-api:pw in url@10.0.3.4/")) {
            records.clear();
            App a = build(Map.of(AppSettings.FAZ_API_URL, url, AppSettings.FAZ_USERNAME, "u",
                    AppSettings.FAZ_PASSWORD, "p", AppSettings.FAZ_CERTIFICATE_SHA256, "ab".repeat(32)));

            // Verify: a SEVERE line when the app loads, the same refusal on use; the value never shown
            assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.SEVERE
                    && r.getMessage().contains("FAZ_API_URL") && r.getMessage().contains("user info")), url);
            assertTrue(records.stream().noneMatch(r -> r.getMessage().contains("pw")), "the value is not shown");
            InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                    () -> a.fazAuthorization().reconcile("cid"));
            assertTrue(e.getMessage().contains("FAZ_API_URL") && e.getMessage().contains("user info"), e.getMessage());
            assertFalse(e.getMessage().contains("pw") || e.getMessage().contains("autoscale-api:"), e.getMessage());
            a.close();
        }
    }

    @Test
    void anAtSignInThePathIsNoUserInfo() {
        build(Map.of(AppSettings.FAZ_API_URL, "https://10.0.3.4/jsonrpc?who=a@b", AppSettings.FAZ_CERTIFICATE_SHA256,
                "ab".repeat(32)));

        assertEquals(List.of(), records);
    }
}
