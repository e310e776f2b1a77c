package com.fortinet.autoscale.adapter.cosmos;

import com.fortinet.autoscale.domain.StoreConflictException;
import com.fortinet.autoscale.domain.notification.EventHistory;
import com.fortinet.autoscale.domain.notification.Notification;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The event history in the {@code Events} container: a ring of {@link #RING} items ({@code slot-0} …),
 * so the history of a cluster stays the same size however long it runs and {@link #recent} is one
 * partition-scoped read feed of at most {@code RING + 1} small items, no query. Items also expire
 * {@link CosmosStore#EVENTS_TTL} after they were written.
 *
 * <p>An append takes the next number of the cluster's sequence (the {@code sequence} item, advanced by a
 * replace-if-ETag, so two appends never get the same number, whichever process they run in) and upserts
 * the slot of that number: a read and two writes, only when something happened — never on a steady
 * heartbeat.
 */
public final class CosmosEventHistory implements EventHistory {
    /** How many events the history keeps. */
    public static final int RING = EventHistory.MAX_RECENT;
    private static final int MAX_ATTEMPTS = 50;

    private final Items<EventItem> events;
    private final Items<SequenceItem> sequence;
    private final int ring;

    public CosmosEventHistory(CosmosStore store) {
        this(store, RING);
    }

    /** A history of {@code ring} slots (tests: a ring that wraps after a few events). */
    CosmosEventHistory(CosmosStore store, int ring) {
        Objects.requireNonNull(store, "store");
        if (ring < 1 || ring > RING) {
            throw new IllegalArgumentException("ring must be 1 to " + RING);
        }
        this.ring = ring;
        this.events = new Items<>(store, CosmosStore.EVENTS, EventItem.class, i -> null);
        this.sequence = new Items<>(store, CosmosStore.EVENTS, SequenceItem.class, i -> i.etag);
    }

    @Override
    public void append(Notification n) {
        Objects.requireNonNull(n, "notification");
        long seq = nextNumber();
        String id = "slot-" + Math.floorMod(seq, ring);
        events.upsert(id, EventItem.from(n, id, events.store().clusterId(), seq));
    }

    /** Takes the next number of the sequence: compare-and-set on the counter, again when another append won. */
    private long nextNumber() {
        String clusterId = sequence.store().clusterId();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Items.Stored<SequenceItem>> current = sequence.read(SequenceItem.ID);
            try {
                if (current.isEmpty()) {
                    sequence.create(SequenceItem.ID, SequenceItem.of(clusterId, 1));
                    return 0;
                }
                long seq = current.get().item().next;
                sequence.replace(SequenceItem.ID, SequenceItem.of(clusterId, seq + 1), current.get().etag());
                return seq;
            } catch (StoreConflictException another) {
                // another append took this number first: read the counter again
            }
        }
        throw new StoreConflictException("event history: the sequence kept changing");
    }

    @Override
    public List<Notification> recent(int limit) {
        EventHistory.checkLimit(limit);
        if (limit == 0) {
            return List.of();
        }
        return events.readAll().stream()
                .map(Items.Stored::item)
                .filter(i -> i.event != null) // the sequence item shares the container
                .filter(i -> i.seq != null && i.time != null)
                .sorted(Comparator.comparing((EventItem i) -> HealthItem.instant(i.time)).thenComparing(i -> i.seq).reversed())
                .map(EventItem::toNotification)
                .filter(Objects::nonNull)
                .limit(limit)
                .toList();
    }
}
