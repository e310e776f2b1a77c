package com.fortinet.autoscale.adapter.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fortinet.autoscale.domain.notification.EventHistory;
import com.fortinet.autoscale.domain.notification.EventHistoryContract;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.support.CosmosServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CosmosEventHistoryContractIT extends EventHistoryContract {
    @Override
    protected EventHistory newHistory() {
        return new CosmosEventHistory(CosmosServer.get().newStore("contract"));
    }

    @Test
    void theRingKeepsTheNewestEventsAndStaysItsSize() {
        CosmosStore store = CosmosServer.get().newStore("contract");
        CosmosEventHistory small = new CosmosEventHistory(store, 3);
        for (int i = 0; i < 5; i++) {
            small.append(new Notification(Notification.Type.HEARTBEAT_LATE, "vm", "late", Map.of("i", i),
                    Instant.parse("2026-03-01T10:00:00Z").plusSeconds(i), "cid"));
        }
        assertEquals(List.of(4L, 3L, 2L), small.recent(10).stream().map(n -> n.details().get("i")).toList());
        assertEquals(3, small.recent(EventHistory.MAX_RECENT).size(), "three slots, whatever was appended");
    }
}
