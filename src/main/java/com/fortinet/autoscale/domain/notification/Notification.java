package com.fortinet.autoscale.domain.notification;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An event operators are told about (SPEC §8). {@code subject} is usually the vmId concerned;
 * {@code details} holds plain values, never a secret.
 */
public record Notification(Type type, String subject, String message, Map<String, Object> details,
                           Instant time, String correlationId) {
    public Notification {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /**
     * The events of behaviour §8 with their wire names. The wire name is the {@code event} field of the log
     * line and the suffix of the CloudEvent type; alert rules and the workbook query it, so a name never
     * changes once shipped.
     */
    public enum Type {
        PRIMARY_ELECTED("primary-elected"),
        PRIMARY_UNDETERMINED("primary-undetermined"),
        HEARTBEAT_LATE("heartbeat-late"),
        VM_UNHEALTHY("vm-unhealthy"),
        VM_RECOVERING("vm-recovering"),
        VM_RECOVERED("vm-recovered"),
        VM_TERMINATED("vm-terminated"),
        LICENSE_OUT_OF_STOCK("license-out-of-stock"),
        LICENSE_CLAIMED("license-claimed"),
        LICENSE_RELEASED("license-released"),
        BOOTSTRAP_DEGRADED("bootstrap-degraded"),
        BOOTSTRAP_FAILED("bootstrap-failed"),
        CALLER_MISMATCH("caller-mismatch"),
        CONTROLLER_GAP("controller-gap"),
        MEMBERSHIP_ANOMALY("membership-anomaly");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public String wireName() {
            return wire;
        }
    }
}
