package com.fortinet.autoscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.settings.SettingKey;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's configuration tables and local.settings.json.example name every setting the code reads. */
class DocumentationTest {

    static List<String> appSettingConstants() throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Field f : AppSettings.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                names.add((String) f.get(null));
            }
        }
        return names;
    }

    @Test
    void theReadmeDocumentsEverySetting() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        List<String> missing = new ArrayList<>();
        for (SettingKey key : SettingKey.values()) {
            String k = key.key();
            // size settings are documented together: `byol-scaling-group-desired-capacity`, `-min-size`, …
            String shortForm = k.replaceFirst("^(byol|payg)-scaling-group", "");
            if (!readme.contains("`" + k + "`") && !readme.contains("`" + shortForm + "`")) {
                missing.add(k);
            }
        }
        for (String name : appSettingConstants()) {
            if (!readme.contains("`" + name + "`")) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "settings missing from README.md");
    }

    @Test
    void theExampleLocalSettingsHoldEveryAppSetting() throws Exception {
        JsonObject values = JsonParser.parseString(Files.readString(Path.of("local.settings.json.example")))
                .getAsJsonObject().getAsJsonObject("Values");
        assertEquals("java", values.get("FUNCTIONS_WORKER_RUNTIME").getAsString());
        assertTrue(values.has("AzureWebJobsStorage"));
        List<String> missing = new ArrayList<>();
        for (SettingKey key : SettingKey.values()) {
            if (!values.has(key.appSettingName())) {
                missing.add(key.appSettingName());
            }
        }
        for (String name : appSettingConstants()) {
            if (!values.has(name)) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "app settings missing from local.settings.json.example");
    }
}
