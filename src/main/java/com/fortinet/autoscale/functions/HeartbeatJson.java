package com.fortinet.autoscale.functions;

import com.fortinet.autoscale.domain.health.Heartbeat;
import com.fortinet.autoscale.domain.cluster.VmId;
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
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * Reads FortiOS's heartbeat JSON (SPEC §2) faithfully: {@code false} stays false, {@code sequence: 0} stays
 * 0, an absent field is null. A field of the wrong type is a 400 naming the field.
 */
final class HeartbeatJson {
    private HeartbeatJson() {}

    static Heartbeat parse(JsonObject o) {
        VmId vmId = vmId(o, "instance");
        Duration interval = seconds(o);
        return new Heartbeat(vmId, interval, sequence(o), time(o, "time"), time(o, "sync_time"),
                time(o, "sync_fail_time"), bool(o, "sync_status"), bool(o, "is_primary"), text(o, "checksum"));
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

    private static Duration seconds(JsonObject o) {
        BigDecimal n = number(o, "interval");
        if (n == null) {
            throw new BadRequestException("interval is missing");
        }
        if (n.signum() <= 0 || n.compareTo(BigDecimal.valueOf(86_400)) > 0) {
            throw new BadRequestException("interval must be a number of seconds > 0 (at most a day)");
        }
        return Duration.ofNanos(n.movePointRight(9).longValue());
    }

    private static Long sequence(JsonObject o) {
        BigDecimal n = number(o, "sequence");
        if (n == null) {
            return null;
        }
        try {
            long v = n.longValueExact();
            if (v < 0) {
                throw new BadRequestException("sequence must not be negative");
            }
            return v;
        } catch (ArithmeticException e) {
            throw new BadRequestException("sequence must be a whole number");
        }
    }

    private static BigDecimal number(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonPrimitive()) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            try {
                if (p.isNumber() || p.isString()) {
                    return new BigDecimal(p.getAsString().trim());
                }
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
        }
        throw new BadRequestException(field + " must be a number");
    }

    private static Boolean bool(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
            return e.getAsBoolean();
        }
        throw new BadRequestException(field + " must be true, false or null");
    }

    private static String text(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            return e.getAsString();
        }
        throw new BadRequestException(field + " must be a string or null");
    }

    /** ISO-8601 with an offset, or without one (then UTC). */
    private static Instant time(JsonObject o, String field) {
        String s = text(o, field);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(s.trim(), OffsetDateTime::from,
                    LocalDateTime::from);
            return t instanceof OffsetDateTime odt ? odt.toInstant() : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field + " is not an ISO-8601 time");
        }
    }
}
