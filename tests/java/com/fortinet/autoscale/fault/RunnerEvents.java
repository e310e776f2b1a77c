package com.fortinet.autoscale.fault;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The notifications the runner processes logged (one JSON line each, logger {@code autoscale.notifications}),
 * collected from their output as it is written: every runner, every incarnation, whether or not the store
 * could keep them in the event history.
 */
final class RunnerEvents {
    private static final String MARK = "autoscale.notifications: ";

    /** One notification: its wire name, subject and details, and the runner that logged it. */
    record Event(String type, String subject, JsonObject details, String runner) {
        /** A detail as text, empty when absent. */
        String detail(String key) {
            JsonElement e = details.get(key);
            return e == null || e.isJsonNull() ? "" : e.getAsString();
        }

        @Override
        public String toString() {
            return type + " " + subject + " " + details + " (" + runner + ")";
        }
    }

    private final List<Event> events = java.util.Collections.synchronizedList(new ArrayList<>());

    /** A listener for one runner's output lines. */
    java.util.function.Consumer<String> from(String runner) {
        return line -> {
            int at = line.indexOf(MARK);
            if (at < 0) {
                return;
            }
            try {
                JsonObject o = JsonParser.parseString(line.substring(at + MARK.length())).getAsJsonObject();
                JsonObject details = o.has("details") && o.get("details").isJsonObject() ? o.getAsJsonObject("details")
                        : new JsonObject();
                events.add(new Event(o.get("event").getAsString(),
                        o.has("subject") && !o.get("subject").isJsonNull() ? o.get("subject").getAsString() : "",
                        details, runner));
            } catch (RuntimeException e) {
                events.add(new Event("unreadable", line, new JsonObject(), runner));
            }
        };
    }

    /** The events of one type, in the order they were logged. */
    List<Event> of(String type) {
        synchronized (events) {
            return events.stream().filter(e -> e.type().equals(type)).toList();
        }
    }

    /** How many events of each type. */
    Map<String, Integer> counts() {
        Map<String, Integer> out = new ConcurrentHashMap<>();
        synchronized (events) {
            events.forEach(e -> out.merge(e.type(), 1, Integer::sum));
        }
        return new java.util.TreeMap<>(out);
    }
}
