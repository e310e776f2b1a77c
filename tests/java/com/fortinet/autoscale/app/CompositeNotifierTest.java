package com.fortinet.autoscale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.domain.notification.Notifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompositeNotifierTest {
    @Test
    void aFailingNotifierKeepsNeitherTheOthersNorTheCallerFromGoingOn() {
        // Setup
        List<Notification> got = new ArrayList<>();
        Notifier failing = n -> {
            throw new IllegalStateException("topic down");
        };
        CompositeNotifier composite = new CompositeNotifier(List.of(failing, got::add));
        Notification n = new Notification(Notification.Type.VM_RECOVERED, "vm", "recovered", Map.of(), Instant.EPOCH,
                "cid");

        // Invoke
        composite.publish(n);

        // Verify
        assertEquals(List.of(n), got);
    }
}
