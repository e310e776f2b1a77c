package com.fortinet.autoscale.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fortinet.autoscale.domain.health.Heartbeat;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The heartbeat formats FortiOS versions send (behaviour §2, Heartbeat JSON). */
class HeartbeatJsonTest {
    private static final String VM = "6d3f0c52-7a1e-4b8e-9d2a-1f0e5c7b9a10";
    private final List<String> warnings = new ArrayList<>();

    private Heartbeat parse(String fields) {
        JsonObject o = JsonParser.parseString("{\"instance\":\"" + VM + "\",\"interval\":30" + fields + "}")
                .getAsJsonObject();
        return HeartbeatJson.parse(o, warnings::add);
    }

    @Test
    void falseStaysFalseAndZeroStaysZero() {
        Heartbeat hb = parse(",\"sequence\":0,\"is_primary\":false,\"sync_status\":false");
        assertEquals(0L, hb.sequence());
        assertEquals(Boolean.FALSE, hb.isPrimary());
        assertEquals(Boolean.FALSE, hb.syncStatus());
        assertEquals(List.of(), warnings);
    }

    @Test
    void booleansMayBeStringsOrOneAndZero() {
        assertEquals(Boolean.TRUE, parse(",\"is_primary\":\"true\"").isPrimary());
        assertEquals(Boolean.FALSE, parse(",\"is_primary\":\"False\"").isPrimary());
        assertEquals(Boolean.TRUE, parse(",\"is_primary\":1").isPrimary());
        assertEquals(Boolean.FALSE, parse(",\"is_primary\":0").isPrimary());
        assertEquals(Boolean.TRUE, parse(",\"sync_status\":\"1\"").syncStatus());
        assertEquals(List.of(), warnings);
        assertEquals(null, parse(",\"is_primary\":2").isPrimary());
        assertEquals(1, warnings.size());
    }

    @Test
    void aChecksumOfAnyScalarIsItsText() {
        assertEquals("7b1c", parse(",\"checksum\":\"7b1c\"").checksum());
        assertEquals("123456789012345678901234567890", parse(",\"checksum\":123456789012345678901234567890").checksum());
        assertEquals("true", parse(",\"checksum\":true").checksum());
        assertEquals(List.of(), warnings);
    }

    @Test
    void timesInEveryFormTheOriginalAccepted() {
        Instant t = Instant.parse("2026-01-01T10:00:00Z");
        assertEquals(t, parse(",\"time\":\"2026-01-01T10:00:00Z\"").time());
        assertEquals(t, parse(",\"time\":\"2026-01-01T11:00:00+01:00\"").time());
        assertEquals(t, parse(",\"time\":\"2026-01-01T11:00:00+0100\"").time());
        assertEquals(t, parse(",\"time\":\"2026-01-01T10:00:00\"").time(), "no offset: UTC");
        assertEquals(t, parse(",\"time\":" + t.getEpochSecond()).time(), "epoch seconds");
        assertEquals(t, parse(",\"time\":\"" + t.getEpochSecond() + "\"").time(), "epoch seconds as text");
        assertEquals(t.plusMillis(250), parse(",\"time\":" + (t.toEpochMilli() + 250)).time(), "epoch milliseconds");
        assertEquals(null, parse(",\"time\":\"\"").time(), "empty: absent");
        assertEquals(List.of(), warnings);
    }

    @Test
    void anOddValueBecomesAbsentWithOneWarningNamingFieldAndValue() {
        Heartbeat hb = parse(",\"sequence\":-1,\"sync_time\":\"next tuesday\",\"checksum\":[1]");

        assertEquals(null, hb.sequence());
        assertEquals(null, hb.syncTime());
        assertEquals(null, hb.checksum());
        assertEquals(List.of(
                "heartbeat field sequence ignored (expected a whole number of 0 or more): \"-1\"",
                "heartbeat field sync_time ignored (expected an ISO-8601 time or epoch seconds/milliseconds): \"next tuesday\"",
                "heartbeat field checksum ignored (expected a string or number): \"[1]\""), warnings);
    }

    @Test
    void aLongRawValueIsCutInTheWarning() {
        parse(",\"sync_time\":\"" + "x".repeat(5000) + "\"");
        assertEquals(1, warnings.size());
        assertEquals(true, warnings.get(0).length() < 400, warnings.get(0));
    }

    @Test
    void theIntervalIsRequiredAndBetweenOneSecondAndAnHour() {
        assertEquals(Duration.ofSeconds(1), HeartbeatJson.parse(JsonParser.parseString(
                "{\"instance\":\"" + VM + "\",\"interval\":\"1\"}").getAsJsonObject(), warnings::add).interval());
        for (String bad : List.of("0", "0.9", "1e-12", "3600.5", "-30", "\"\"", "true", "null")) {
            JsonObject o = JsonParser.parseString("{\"instance\":\"" + VM + "\",\"interval\":" + bad + "}")
                    .getAsJsonObject();
            assertThrows(BadRequestException.class, () -> HeartbeatJson.parse(o, warnings::add), bad);
        }
    }
}
