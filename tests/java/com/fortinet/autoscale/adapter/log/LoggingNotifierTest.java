package com.fortinet.autoscale.adapter.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.notification.Notification;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The event catalogue: one JSON log line per notification, stable names, each documented with its level. */
class LoggingNotifierTest {
    private final List<LogRecord> lines = new ArrayList<>();
    private final Logger logger = Logger.getLogger("autoscale.notifications");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        logger.removeHandler(capture);
    }

    @Test
    void everyEventIsOneJsonLineWithTheDocumentedFieldsAtItsLevel() {
        LoggingNotifier notifier = new LoggingNotifier();
        for (Notification.Type type : Notification.Type.values()) {
            lines.clear();
            notifier.publish(new Notification(type, "vm-1", "what happened", Map.of("term", 3, "why", "a\nb"),
                    Instant.parse("2026-01-02T03:04:05Z"), "cid-1"));
            assertEquals(1, lines.size(), type.name());
            LogRecord line = lines.get(0);
            assertEquals(LoggingNotifier.level(type), line.getLevel(), type.name());
            assertTrue(!line.getMessage().contains("\n"), "one line: " + line.getMessage());
            JsonObject json = JsonParser.parseString(line.getMessage()).getAsJsonObject();
            assertEquals(type.wireName(), json.get("event").getAsString());
            assertEquals("vm-1", json.get("subject").getAsString());
            assertEquals("what happened", json.get("message").getAsString());
            assertEquals("2026-01-02T03:04:05Z", json.get("time").getAsString());
            assertEquals("cid-1", json.get("cid").getAsString());
            assertEquals(3, json.getAsJsonObject("details").get("term").getAsInt());
            assertEquals("a\nb", json.getAsJsonObject("details").get("why").getAsString());
        }
    }

    @Test
    void wireNamesAreUniqueKebabCaseAndListedInTheBehaviourReferenceWithTheirLevel() throws Exception {
        String reference = Files.readString(Path.of("docs/behaviour.md"));
        Set<String> seen = new HashSet<>();
        for (Notification.Type type : Notification.Type.values()) {
            String name = type.wireName();
            assertTrue(name.matches("[a-z]+(-[a-z]+)*"), name);
            assertTrue(seen.add(name), "duplicate " + name);
            assertEquals(type.name(), name.toUpperCase().replace('-', '_'), "constant and wire name agree");
            String row = "| `" + name + "` |";
            int at = reference.indexOf(row);
            assertTrue(at >= 0, "behaviour §8 lists " + name);
            String line = reference.substring(at, reference.indexOf('\n', at));
            assertTrue(line.contains("| " + LoggingNotifier.level(type).getName() + " |"),
                    "behaviour §8 gives the level of " + name + ": " + line);
        }
    }

    @Test
    void theCatalogueHoldsExactlyTheAgreedNames() {
        Set<String> names = new HashSet<>();
        for (Notification.Type type : Notification.Type.values()) {
            names.add(type.wireName());
        }
        assertEquals(Set.of("primary-elected", "primary-undetermined", "heartbeat-late", "vm-unhealthy",
                "vm-recovering", "vm-recovered", "vm-terminated", "license-out-of-stock", "license-claimed",
                "license-released", "bootstrap-degraded", "bootstrap-failed", "caller-mismatch", "controller-gap",
                "membership-anomaly"), names);
    }
}
