package com.fortinet.autoscale.adapter.memory;

import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.election.ElectionRecords;
import java.util.Optional;

/** The election record kept in this process. */
public final class InMemoryElectionRecords implements ElectionRecords {
    private static final String KEY = "primary";
    private final VersionedMap<String, Primary> items = new VersionedMap<>();

    @Override
    public Optional<Versioned<Primary>> read() {
        return items.read(KEY);
    }

    @Override
    public Versioned<Primary> create(Primary primary) {
        return items.create(KEY, primary);
    }

    @Override
    public Versioned<Primary> replace(Primary primary, String expectedVersion) {
        return items.replace(KEY, primary, expectedVersion);
    }
}
