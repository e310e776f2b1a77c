package com.fortinet.autoscale.functions;

import com.fortinet.autoscale.domain.LogText;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.health.Heartbeat;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads FortiOS's heartbeat JSON (behaviour §2): as tolerant as the original product, as strict as safety needs.
 *
 * <ul>
 *   <li>Required: {@code instance} (a vmId) and {@code interval} (seconds, 1 to 3600, a JSON number or a numeric
 *       string). Anything else there is a 400 naming the field: without them the health rules cannot run.</li>
 *   <li>Every other field is a hint. A value of an unexpected type or format becomes absent (null), with one
 *       WARNING line naming the field and the raw value (escaped, cut), never a 400: refusing a heartbeat over a
 *       checksum's type would make a healthy FortiGate look silent.</li>
 *   <li>Accepted forms: booleans as JSON booleans, {@code "true"}/{@code "false"} and 1/0; a checksum of any
 *       scalar as its text; times as ISO-8601 with {@code Z}, {@code +hh:mm} or {@code +hhmm} (no offset: UTC),
 *       or epoch seconds or milliseconds; an empty string as null. Values are kept as sent: {@code false} stays
 *       false, {@code sequence: 0} stays 0.</li>
 * </ul>
 */
final class HeartbeatJson {
    /** Epoch numbers at or above this are milliseconds (in seconds it would be the year 5138). */
    private static final long EPOCH_MILLIS_FROM = 100_000_000_000L;
    private static final BigDecimal MAX_INTERVAL = BigDecimal.valueOf(3600);
    /** ISO-8601 date-time with an optional offset written {@code Z}, {@code +hh:mm} or {@code +hhmm}. */
    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private HeartbeatJson() {}

    /** A heartbeat; odd optional fields are reported to {@code warn} (one line each) and read as absent. */
    static Heartbeat parse(JsonObject o, Consumer<String> warn) {
        VmId vmId = vmId(o, "instance");
        Duration interval = interval(o);
        Fields f = new Fields(o, warn);
        return new Heartbeat(vmId, interval, f.sequence("sequence"), f.time("time"), f.time("sync_time"),
                f.time("sync_fail_time"), f.bool("sync_status"), f.bool("is_primary"), f.text("checksum"));
    }

    static VmId vmId(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            throw new BadRequestException(field + " is missing");
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new BadRequestException(field + " must be a string");
        }
        try {
            return VmId.of(e.getAsString());
        } catch (IllegalArgumentException ex) {
            throw new BadRequestException(field + " is not a vmId (GUID)");
        }
    }

    private static Duration interval(JsonObject o) {
        JsonElement e = o.get("interval");
        if (e == null || e.isJsonNull()) {
            throw new BadRequestException("interval is missing");
        }
        BigDecimal n = e.isJsonPrimitive() ? number(e.getAsJsonPrimitive()) : null;
        if (n == null) {
            throw new BadRequestException("interval must be a number");
        }
        // at least 1 s: the health rules divide by it, and a tiny value would round to zero
        if (n.compareTo(BigDecimal.ONE) < 0 || n.compareTo(MAX_INTERVAL) > 0) {
            throw new BadRequestException("interval must be a number of seconds from 1 to 3600");
        }
        return Duration.ofNanos(n.movePointRight(9).longValue());
    }

    /** A JSON number, or a string holding one; null otherwise. */
    private static BigDecimal number(JsonPrimitive p) {
        if (!p.isNumber() && !p.isString()) {
            return null;
        }
        try {
            return new BigDecimal(p.getAsString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The optional fields of one body, read leniently. */
    private static final class Fields {
        private final JsonObject o;
        private final Consumer<String> warn;

        Fields(JsonObject o, Consumer<String> warn) {
            this.o = o;
            this.warn = warn;
        }

        /** The field's value, or null when absent, JSON null or an empty string. */
        private JsonElement present(String field) {
            JsonElement e = o.get(field);
            if (e == null || e.isJsonNull()) {
                return null;
            }
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() && e.getAsString().isBlank()) {
                return null;
            }
            return e;
        }

        private <T> T ignored(String field, JsonElement raw, String expected) {
            warn.accept("heartbeat field " + field + " ignored (expected " + expected + "): "
                    + LogText.quoted(raw.isJsonPrimitive() ? raw.getAsString() : raw.toString()));
            return null;
        }

        Long sequence(String field) {
            JsonElement e = present(field);
            if (e == null) {
                return null;
            }
            BigDecimal n = e.isJsonPrimitive() ? number(e.getAsJsonPrimitive()) : null;
            try {
                long v = n == null ? -1 : n.longValueExact();
                return v >= 0 ? v : ignored(field, e, "a whole number of 0 or more");
            } catch (ArithmeticException notWhole) {
                return ignored(field, e, "a whole number of 0 or more");
            }
        }

        Boolean bool(String field) {
            JsonElement e = present(field);
            if (e == null) {
                return null;
            }
            if (e.isJsonPrimitive()) {
                JsonPrimitive p = e.getAsJsonPrimitive();
                if (p.isBoolean()) {
                    return p.getAsBoolean();
                }
                String s = p.getAsString().trim().toLowerCase(Locale.ROOT);
                if (s.equals("true") || s.equals("1")) {
                    return Boolean.TRUE;
                }
                if (s.equals("false") || s.equals("0")) {
                    return Boolean.FALSE;
                }
            }
            return ignored(field, e, "true, false, 1 or 0");
        }

        String text(String field) {
            JsonElement e = present(field);
            if (e == null) {
                return null;
            }
            return e.isJsonPrimitive() ? e.getAsString() : ignored(field, e, "a string or number");
        }

        Instant time(String field) {
            JsonElement e = present(field);
            if (e == null) {
                return null;
            }
            if (e.isJsonPrimitive()) {
                String s = e.getAsString().trim();
                try {
                    if (s.matches("\\d{1,15}(\\.\\d+)?")) {
                        long whole = new BigDecimal(s).longValue();
                        return whole >= EPOCH_MILLIS_FROM ? Instant.ofEpochMilli(whole)
                                : Instant.ofEpochMilli(new BigDecimal(s).movePointRight(3).longValue());
                    }
                    TemporalAccessor t = ISO.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
                    return t instanceof OffsetDateTime odt ? odt.toInstant()
                            : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException | ArithmeticException e2) {
                    // falls through: not a time
                }
            }
            return ignored(field, e, "an ISO-8601 time or epoch seconds/milliseconds");
        }
    }
}
