package com.fortinet.autoscale.adapter.cosmos;

import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.election.ElectionRecords;
import java.util.Objects;
import java.util.Optional;

/**
 * The cluster's election record: one item ({@code id = primary}) in the {@code Election} container,
 * changed only by create-if-absent and replace-if-ETag, so two handlers electing at once cannot both win.
 */
public final class CosmosElectionRecords implements ElectionRecords {
    private final Items<ElectionItem> items;

    public CosmosElectionRecords(CosmosStore store) {
        this.items = new Items<>(Objects.requireNonNull(store, "store"), CosmosStore.ELECTION, ElectionItem.class,
                i -> i.etag);
    }

    @Override
    public Optional<Versioned<Primary>> read() {
        return items.read(ElectionItem.ID).map(s -> new Versioned<>(s.item().toPrimary(), s.etag()));
    }

    @Override
    public Versioned<Primary> create(Primary primary) {
        String etag = items.create(ElectionItem.ID, ElectionItem.from(primary, items.store().clusterId()));
        return new Versioned<>(primary, etag);
    }

    @Override
    public Versioned<Primary> replace(Primary primary, String expectedVersion) {
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        String etag = items.replace(ElectionItem.ID, ElectionItem.from(primary, items.store().clusterId()),
                expectedVersion);
        return new Versioned<>(primary, etag);
    }
}
