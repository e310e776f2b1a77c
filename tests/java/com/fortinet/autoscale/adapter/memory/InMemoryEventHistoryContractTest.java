package com.fortinet.autoscale.adapter.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fortinet.autoscale.domain.notification.EventHistory;
import com.fortinet.autoscale.domain.notification.EventHistoryContract;
import com.fortinet.autoscale.domain.notification.Notification;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryEventHistoryContractTest extends EventHistoryContract {
    @Override
    protected EventHistory newHistory() {
        return new InMemoryEventHistory();
    }

    @Test
    void theOldestGoFirstWhenTheHistoryIsFull() {
        InMemoryEventHistory small = new InMemoryEventHistory(2);
        for (int i = 0; i < 3; i++) {
            small.append(new Notification(Notification.Type.HEARTBEAT_LATE, "vm", "late", Map.of("i", i),
                    Instant.EPOCH.plusSeconds(i), "cid"));
        }
        assertEquals(java.util.List.of(2L, 1L), small.recent(10).stream().map(n -> n.details().get("i")).toList());
    }
}
