package com.fortinet.autoscale.domain.settings;

import java.util.Map;

/** Where the settings live: raw kebab-case key to value, as operators edit them. */
public interface SettingsStore {
    /** Every stored setting. */
    Map<String, String> readAll();
}
