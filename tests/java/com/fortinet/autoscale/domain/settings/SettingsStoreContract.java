package com.fortinet.autoscale.domain.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SettingsStore} adapter must do: the first start reads what app settings seeded, an
 * operator's edit is read back, and a later start (seeded with other app settings) never overwrites it.
 */
public abstract class SettingsStoreContract {
    protected static final Map<String, String> SEED = Map.of(
            "heartbeat-interval", "30",
            "heartbeat-loss-count", "10",
            "fortigate-psk-secret", "s3cr3t");

    /**
     * A process start against this test's store (the first call of a test starts on an empty store; later
     * calls see what earlier ones left), seeded from the given app settings.
     */
    protected abstract SettingsStore start(Map<String, String> seed);

    /** An operator sets a value where settings are kept. */
    protected abstract void operatorSets(String key, String value);

    @Test
    void theFirstStartReadsWhatTheAppSettingsSeeded() {
        // Invoke
        Map<String, String> read = start(SEED).readAll();

        // Verify
        assertEquals(SEED, read);
    }

    @Test
    void anOperatorsEditIsReadBack() {
        // Setup
        SettingsStore store = start(SEED);
        store.readAll();

        // Invoke
        operatorSets("heartbeat-interval", "15");

        // Verify
        assertEquals("15", store.readAll().get("heartbeat-interval"));
    }

    @Test
    void aLaterStartWithOtherAppSettingsNeverOverwritesTheStoredValues() {
        // Setup
        start(SEED).readAll();
        operatorSets("heartbeat-interval", "15");

        // Invoke
        Map<String, String> read = start(Map.of("heartbeat-interval", "60", "heartbeat-loss-count", "3")).readAll();

        // Verify
        assertEquals("15", read.get("heartbeat-interval"));
        assertEquals("10", read.get("heartbeat-loss-count"));
    }
}
