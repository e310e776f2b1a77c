package com.fortinet.autoscale.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.settings.SettingKey;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every app setting the code reads is set by the template, so a deployed app never falls back to a local
 * default or fails on a missing setting: the autoscale settings ({@link SettingKey#appSettingName()}) and every
 * {@code public static final String} of {@link AppSettings}, found by reflection so a setting added to the code
 * without the template fails here.
 */
class ArmAppSettingsTest {
    /**
     * Settings only the local runner and tests read; on Azure they must stay unset (keys would defeat the managed
     * identity, the others select local adapters).
     */
    static final Set<String> LOCAL_ONLY = Set.of(
            "PORT", "LOCAL_ASSET_DIR", "LOCAL_SCALE_SETS_FILE", "LOCAL_ALLOW_AZURE_TERMINATE", "COSMOS_KEY", "ASSET_STORAGE_CONNECTION_STRING");

    /** Settings the Functions host sets itself on Azure; a template must not. */
    static final Set<String> SET_BY_AZURE = Set.of("WEBSITE_INSTANCE_ID");

    /** The app settings the code reads. */
    static Set<String> readByTheCode() {
        Set<String> names = new TreeSet<>();
        for (SettingKey key : SettingKey.values()) {
            names.add(key.appSettingName());
        }
        for (Field f : AppSettings.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == String.class) {
                try {
                    names.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return names;
    }

    /** The settings the code reads that the deployment does not set. */
    static Set<String> missingFrom(ArmDeployment deployment) {
        Set<String> missing = new TreeSet<>(readByTheCode());
        missing.removeAll(LOCAL_ONLY);
        missing.removeAll(SET_BY_AZURE);
        missing.removeAll(deployment.appSettings().keySet());
        return missing;
    }

    @Test
    void everyAppSettingTheCodeReadsIsSetByTheTemplate() {
        // Setup
        ArmDeployment deployment = ArmDeployment.withExampleParameters(Map.of());

        // Invoke
        Set<String> missing = missingFrom(deployment);

        // Verify
        assertEquals(Set.of(), missing, "app settings the code reads but the template does not set");
        assertTrue(readByTheCode().size() > SettingKey.values().length + LOCAL_ONLY.size(),
                "the reflection found the AppSettings constants");
    }

    @Test
    void noLocalOnlySettingReachesAzure() {
        // Setup
        Map<String, Object> settings = ArmDeployment.withExampleParameters(Map.of()).appSettings();

        // Invoke / Verify
        for (String local : LOCAL_ONLY) {
            assertFalse(settings.containsKey(local), local + " is for the local runner only");
            assertTrue(readByTheCode().contains(local), local + " is still read by the code (else drop it here)");
        }
        for (String platform : SET_BY_AZURE) {
            assertFalse(settings.containsKey(platform), platform + " is set by the Functions host");
        }
    }

    @Test
    void aTemplateThatLosesASettingFailsTheCheck() {
        // Setup: a copy of the template without HEARTBEAT_INTERVAL
        JsonObject broken = ArmTemplateChecks.parseStrict(ArmDeployment.TEMPLATE);
        for (JsonElement r : broken.getAsJsonArray("resources")) {
            JsonObject res = r.getAsJsonObject();
            if (res.get("type").getAsString().equals(ArmDeployment.SITE_CONFIG)) {
                res.getAsJsonObject("properties").remove("HEARTBEAT_INTERVAL");
            }
        }

        // Invoke
        Set<String> missing = missingFrom(ArmDeployment.withExampleParameters(broken, Map.of()));

        // Verify
        assertEquals(Set.of("HEARTBEAT_INTERVAL"), missing);
    }
}
