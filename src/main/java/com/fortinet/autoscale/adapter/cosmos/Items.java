package com.fortinet.autoscale.adapter.cosmos;

import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosItemRequestOptions;
import com.azure.cosmos.models.CosmosItemResponse;
import com.fortinet.autoscale.domain.StoreConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The item operations the adapters use on one container of this cluster's partition: point reads,
 * create-if-absent, replace-if-ETag, upsert, delete, and one partition-scoped read feed. No queries.
 *
 * @param <I> the item class (a Jackson-mapped document)
 */
final class Items<I> {
    /** An item with the ETag the store gave it. */
    record Stored<I>(I item, String etag) {}

    private final CosmosStore store;
    private final String container;
    private final Class<I> type;
    private final Function<I, String> etagInBody;

    Items(CosmosStore store, String container, Class<I> type, Function<I, String> etagInBody) {
        this.store = store;
        this.container = container;
        this.type = type;
        this.etagInBody = etagInBody;
    }

    CosmosStore store() {
        return store;
    }

    /** A point read; empty when the item does not exist. */
    Optional<Stored<I>> read(String id) {
        return call("read", id, () -> {
            try {
                CosmosItemResponse<I> r = container().readItem(id, store.partition(), type);
                return Optional.of(new Stored<>(r.getItem(), etagOf(r, r.getItem())));
            } catch (CosmosException e) {
                if (CosmosFailures.itemNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** Create-if-absent. @throws StoreConflictException when an item with that id exists */
    String create(String id, I item) {
        return call("create", id, () -> {
            CosmosItemResponse<I> r = container().createItem(item, store.partition(), new CosmosItemRequestOptions());
            return etagOf(r, null);
        });
    }

    /** Create or replace, whatever is there. */
    void upsert(String id, I item) {
        call("upsert", id, () -> container().upsertItem(item, store.partition(), new CosmosItemRequestOptions()));
    }

    /** Replace-if-ETag. @throws StoreConflictException when the item changed or is gone */
    String replace(String id, I item, String expectedEtag) {
        return call("replace", id, () -> {
            try {
                CosmosItemResponse<I> r = container().replaceItem(item, id, store.partition(),
                        new CosmosItemRequestOptions().setIfMatchETag(expectedEtag));
                return etagOf(r, null);
            } catch (CosmosException e) {
                if (CosmosFailures.itemNotFound(e)) {
                    throw new StoreConflictException("replace " + container + "/" + id + ": the item is gone");
                }
                throw e;
            }
        });
    }

    /**
     * Deletes the item, only if it is still at {@code expectedEtag} when that is not null.
     *
     * @return false when it was not there, or (conditional) it changed
     */
    boolean delete(String id, String expectedEtag) {
        return call("delete", id, () -> {
            CosmosItemRequestOptions options = new CosmosItemRequestOptions();
            if (expectedEtag != null) {
                options.setIfMatchETag(expectedEtag);
            }
            try {
                container().deleteItem(id, store.partition(), options);
                return true;
            } catch (CosmosException e) {
                if (CosmosFailures.itemNotFound(e)
                        || (expectedEtag != null && e.getStatusCode() == CosmosFailures.PRECONDITION_FAILED)) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Every item of this cluster's partition: one partition-scoped read feed (paged by the SDK). */
    List<Stored<I>> readAll() {
        return call("read all", "*", () -> {
            List<Stored<I>> out = new ArrayList<>();
            for (I item : container().readAllItems(store.partition(), type)) {
                out.add(new Stored<>(item, etagInBody.apply(item)));
            }
            return out;
        });
    }

    private CosmosContainer container() {
        return store.container(container);
    }

    private String etagOf(CosmosItemResponse<I> r, I body) {
        String etag = r.getETag();
        if ((etag == null || etag.isEmpty()) && body != null) {
            etag = etagInBody.apply(body);
        }
        if (etag == null || etag.isEmpty()) {
            throw new IllegalStateException("Cosmos DB answered without an ETag for an item of " + container);
        }
        return etag;
    }

    private <T> T call(String op, String id, Supplier<T> body) {
        try {
            return body.get();
        } catch (CosmosException e) {
            if (CosmosFailures.containerNotFound(e)) {
                store.containerGone(container);
            }
            throw CosmosFailures.map(e, op + " " + container + "/" + id);
        }
    }
}
