package com.fortinet.autoscale.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.SettingKey;
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
            "PORT", "LOCAL_ASSET_DIR", "LOCAL_SCALE_SETS_FILE", "COSMOS_KEY", "ASSET_STORAGE_CONNECTION_STRING");

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

    @Test
    void everyAppSettingTheCodeReadsIsSetByTheTemplate() {
        // Setup
        Set<String> needed = new TreeSet<>(readByTheCode());
        needed.removeAll(LOCAL_ONLY);
        Map<String, Object> settings = ArmDeployment.withExampleParameters(Map.of()).appSettings();

        // Invoke
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(settings.keySet());

        // Verify
        assertEquals(Set.of(), missing, "app settings the code reads but the template does not set");
        assertTrue(needed.size() > SettingKey.values().length, "the reflection found the AppSettings constants");
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
    }

    @Test
    void theCheckNoticesASettingTheTemplateLacks() {
        // Setup: what the code would read if a new setting were added without the template
        Set<String> needed = new TreeSet<>(readByTheCode());
        needed.add("SOME_NEW_SETTING");
        Map<String, Object> settings = ArmDeployment.withExampleParameters(Map.of()).appSettings();

        // Invoke
        needed.removeAll(settings.keySet());
        needed.removeAll(LOCAL_ONLY);

        // Verify
        assertEquals(Set.of("SOME_NEW_SETTING"), needed);
    }
}
