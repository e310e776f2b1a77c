package com.fortinet.autoscale.app;

import static com.fortinet.autoscale.support.Fixtures.byol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.memory.InMemorySettingsStore;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.domain.fortianalyzer.RequestSignatures;
import com.fortinet.autoscale.domain.settings.InvalidSettingsException;
import com.fortinet.autoscale.domain.settings.SettingKey;
import com.fortinet.autoscale.domain.settings.SettingsProvider;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.functions.FgtAsHandlerFunction;
import com.fortinet.autoscale.local.LocalHttpRequest;
import com.fortinet.autoscale.support.HttpMocks;
import com.fortinet.autoscale.support.MutableClock;
import com.microsoft.azure.functions.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Secrets are read from the app settings, never copied; an unresolved Key Vault reference is never a value. */
class KeyVaultReferenceTest {
    private static final String UNRESOLVED = "@Microsoft.KeyVault(SecretUri=https://fgt-kv.vault.azure.net/secrets/psk/)";

    /** The app settings as App Service holds them; a test changes them as a resolution or a rotation would. */
    private final Map<String, String> environment = new ConcurrentHashMap<>(Map.of(
            "BYOL_SCALING_GROUP_NAME", "byol",
            "HEARTBEAT_INTERVAL", "30",
            "AUTOSCALE_HANDLER_URL", "https://fn.example/api/fgt-as-handler?code=key1",
            "FORTIGATE_PSK_SECRET", UNRESOLVED,
            "FORTIGATE_AUTOSCALE_VIRTUAL_NETWORK_CIDR", UNRESOLVED.replace("psk", "cidr")));
    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");

    private App app() {
        AppSettings settings = AppSettings.readingFrom(() -> Map.copyOf(environment));
        return App.builder(settings).clock(clock).scaleSets(new StaticScaleSets(List.of(byol(1))))
                .settingsTtl(Duration.ofDays(1)).build();
    }

    @Test
    void neitherSecretsNorUnresolvedReferencesAreSeededIntoTheStore() {
        Map<String, String> seed = AppSettings.of(environment).autoscaleSeed();

        assertEquals(Map.of("byol-scaling-group-name", "byol", "heartbeat-interval", "30"), seed);
        assertEquals(Map.of("fortigate-psk-secret", UNRESOLVED,
                        "autoscale-handler-url", "https://fn.example/api/fgt-as-handler?code=key1"),
                AppSettings.of(environment).autoscaleSecrets());
    }

    @Test
    void anUnresolvedReferenceIsNoValueAndIsNamed() {
        Settings s = Settings.from(Map.of("fortigate-psk-secret", UNRESOLVED, "faz-ip", " @microsoft.keyvault(x)"));

        assertEquals(java.util.Optional.empty(), s.text(SettingKey.FORTIGATE_PSK_SECRET));
        assertEquals(java.util.Set.of(SettingKey.FORTIGATE_PSK_SECRET, SettingKey.FAZ_IP), s.unresolvedKeyVaultReferences());
    }

    @Test
    void aBootstrapNeedingAnUnresolvedSecretFailsNamingItAndSucceedsOnceItResolves() {
        App app = app();
        HttpMocks.Context ctx = new HttpMocks.Context();
        LocalHttpRequest.Response r = bootstrap(app, ctx);

        assertEquals(500, r.getStatusCode());
        assertEquals("# autoscale: setting fortigate-psk-secret is an unresolved Key Vault reference (App Service could"
                + " not read the secret) (needed by {PSK_SECRET} in config set baseconfig)\n", r.text());
        assertFalse(r.text().contains("vault.azure.net"), "the reference itself is never shown");
        assertFalse(ctx.log().contains("vault.azure.net"), ctx.log());

        // a minute later the role assignment is effective and App Service resolves the reference
        environment.put("FORTIGATE_PSK_SECRET", "resolved-psk");
        clock.advanceSeconds(60);
        LocalHttpRequest.Response again = bootstrap(app, new HttpMocks.Context());

        assertEquals(200, again.getStatusCode(), again.text());
        assertTrue(again.text().contains("set psksecret \"resolved-psk\""), "read again despite the 1-day cache");
        assertFalse(again.text().contains("{VIRTUAL_NETWORK_CIDR}"));
        assertFalse(again.text().contains("@Microsoft.KeyVault"), "an unresolved optional value is never rendered");
    }

    @Test
    void aRotatedSecretReachesTheNextSettingsLoadAndIsNeverStored() {
        environment.put("FORTIGATE_PSK_SECRET", "psk-v1");
        InMemorySettingsStore store = new InMemorySettingsStore(AppSettings.of(environment).autoscaleSeed());
        // the provider the composition root builds over a settings store
        SettingsProvider settings = App.settings(store, AppSettings.readingFrom(() -> Map.copyOf(environment)), clock,
                Duration.ofSeconds(30));
        assertEquals("psk-v1", settings.current().text(SettingKey.FORTIGATE_PSK_SECRET).orElseThrow());

        environment.put("FORTIGATE_PSK_SECRET", "psk-v2");
        clock.advanceSeconds(31);

        assertEquals("psk-v2", settings.current().text(SettingKey.FORTIGATE_PSK_SECRET).orElseThrow());
        assertFalse(store.readAll().containsKey("fortigate-psk-secret"), "no copy in the store");
    }

    @Test
    void theHmacSecretIsReadAgainAndAnUnresolvedOneIsRefusedByName() {
        environment.put("FAZ_HANDLER_HMAC_SECRET", UNRESOLVED);
        App app = app();

        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, app::fazRequestSignatures);
        assertTrue(e.getMessage().contains("FAZ_HANDLER_HMAC_SECRET: an unresolved Key Vault reference"), e.getMessage());
        assertFalse(e.getMessage().contains("vault.azure.net"));

        environment.put("FAZ_HANDLER_HMAC_SECRET", "k".repeat(32));
        RequestSignatures first = app.fazRequestSignatures();
        assertSame(first, app.fazRequestSignatures(), "kept while the secret is unchanged");
        environment.put("FAZ_HANDLER_HMAC_SECRET", "r".repeat(32));
        assertSame(first, app.fazRequestSignatures(), "cached briefly");
        clock.advanceSeconds(31);
        assertNotSame(first, app.fazRequestSignatures(), "the rotated key is used");
    }

    private static LocalHttpRequest.Response bootstrap(App app, HttpMocks.Context ctx) {
        return (LocalHttpRequest.Response) new FgtAsHandlerFunction(app).run(HttpMocks.request(HttpMethod.GET,
                Map.of("Fos-instance-id", byol(1).vmId().value()), null), ctx.context);
    }
}
