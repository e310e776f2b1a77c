package com.fortinet.autoscale.adapter.memory;

import com.fortinet.autoscale.domain.settings.SettingsStore;
import com.fortinet.autoscale.domain.settings.SettingsStoreContract;
import java.util.Map;

/** The in-memory store lives as long as its process: a later start in the same process finds it as it was. */
class InMemorySettingsStoreContractTest extends SettingsStoreContract {
    private InMemorySettingsStore store;

    @Override
    protected SettingsStore start(Map<String, String> seed) {
        if (store == null) {
            store = new InMemorySettingsStore(seed);
        }
        return store;
    }

    @Override
    protected void operatorSets(String key, String value) {
        store.put(key, value);
    }
}
