package com.fortinet.autoscale.domain.settings;

import java.util.Locale;

/**
 * Every autoscale setting of SPEC §7: its kebab-case key (the item id in the Settings store), its type and
 * its default. The app setting that seeds it has the same name in UPPER_SNAKE_CASE.
 */
public enum SettingKey {
    /** FortiOS {@code hb-interval} takes whole seconds. */
    HEARTBEAT_INTERVAL("heartbeat-interval", Type.WHOLE_SECONDS, "30", "1", "3600"),
    HEARTBEAT_DELAY_ALLOWANCE("heartbeat-delay-allowance", Type.SECONDS_OR_ZERO, "2", "0", "300"),
    HEARTBEAT_LOSS_COUNT("heartbeat-loss-count", Type.COUNT, "10", "1", "100"),
    SYNC_RECOVERY_COUNT("sync-recovery-count", Type.COUNT, "3", "1", "100"),
    TERMINATE_UNHEALTHY_VM("terminate-unhealthy-vm", Type.BOOLEAN, "false"),
    /** At most this many FortiGates deleted per health monitor run (the termination budget). */
    TERMINATION_BUDGET("unhealthy-vm-termination-budget", Type.COUNT_OR_ZERO, "1"),
    /** How long a configured scale set must read empty before its FortiGates count as scaled in. */
    EMPTY_SCALE_SET_CONFIRMATION("empty-scale-set-confirmation", Type.SECONDS_OR_ZERO, "300", "0", "86400"),
    /** Serve a device-facing request only from the named member's own private IPs (the template sets it true). */
    VERIFY_CALLER_IP("verify-caller-ip", Type.BOOLEAN, "false"),
    FORTIGATE_SYNC_INTERFACE("fortigate-sync-interface", Type.TEXT, "port1"),
    FORTIGATE_EXTERNAL_INTERFACE("fortigate-external-interface", Type.TEXT, "port1"),
    FORTIGATE_INTERNAL_INTERFACE("fortigate-internal-interface", Type.TEXT, "port2"),
    FORTIGATE_ADMIN_PORT("fortigate-admin-port", Type.PORT, "8443"),
    FORTIGATE_TRAFFIC_PORT("fortigate-traffic-port", Type.PORT, "443"),
    FORTIGATE_TRAFFIC_PROTOCOL("fortigate-traffic-protocol", Type.TRAFFIC_PROTOCOL, "ALL"),
    ENABLE_SECOND_NIC("enable-second-nic", Type.BOOLEAN, "true"),
    ENABLE_INTERNAL_ELB("enable-internal-elb", Type.BOOLEAN, "false"),
    ENABLE_EXTRA_PORTS("enable-extra-ports", Type.BOOLEAN, "false"),
    ENABLE_FORTIANALYZER_INTEGRATION("enable-fortianalyzer-integration", Type.BOOLEAN, "false"),
    ASSET_STORAGE_NAME("asset-storage-name", Type.TEXT, "fortigate-autoscale"),
    ASSET_STORAGE_KEY_PREFIX("asset-storage-key-prefix", Type.TEXT, "assets"),
    LICENSE_FILE_DIRECTORY("license-file-directory", Type.TEXT, "license-files"),
    /** Carries the function key ({@code ?code=}): never shown. */
    AUTOSCALE_HANDLER_URL("autoscale-handler-url", Type.SECRET, null),
    FORTIGATE_PSK_SECRET("fortigate-psk-secret", Type.SECRET, null),
    BYOL_SCALING_GROUP_NAME("byol-scaling-group-name", Type.TEXT, null),
    PAYG_SCALING_GROUP_NAME("payg-scaling-group-name", Type.TEXT, null),
    PRIMARY_SCALING_GROUP_NAME("primary-scaling-group-name", Type.TEXT, null),
    ADDITIONAL_CONFIGSET_NAME_LIST("additional-configset-name-list", Type.NAME_LIST, ""),
    CUSTOM_ASSET_CONTAINER("custom-asset-container", Type.TEXT, null),
    CUSTOM_ASSET_DIRECTORY("custom-asset-directory", Type.TEXT, null),
    FORTIGATE_AUTOSCALE_VIRTUAL_NETWORK_CIDR("fortigate-autoscale-virtual-network-cidr", Type.CIDR, null),
    FORTIGATE_INTERNAL_ELB_DNS("fortigate-internal-elb-dns", Type.TEXT, null),
    FAZ_IP("faz-ip", Type.TEXT, null),
    BYOL_SCALING_GROUP_DESIRED_CAPACITY("byol-scaling-group-desired-capacity", Type.COUNT_OR_ZERO, null),
    BYOL_SCALING_GROUP_MIN_SIZE("byol-scaling-group-min-size", Type.COUNT_OR_ZERO, null),
    BYOL_SCALING_GROUP_MAX_SIZE("byol-scaling-group-max-size", Type.COUNT_OR_ZERO, null),
    PAYG_SCALING_GROUP_DESIRED_CAPACITY("payg-scaling-group-desired-capacity", Type.COUNT_OR_ZERO, null),
    PAYG_SCALING_GROUP_MIN_SIZE("payg-scaling-group-min-size", Type.COUNT_OR_ZERO, null),
    PAYG_SCALING_GROUP_MAX_SIZE("payg-scaling-group-max-size", Type.COUNT_OR_ZERO, null);

    /** The kinds of value a setting takes; each validates and names the key when it rejects a value. */
    public enum Type {
        /** A duration in seconds, fractional allowed, greater than 0. */
        SECONDS,
        /** A duration in whole seconds, greater than 0. */
        WHOLE_SECONDS,
        /** A duration in seconds, fractional allowed, 0 or more. */
        SECONDS_OR_ZERO,
        /** A whole number, 1 or more. */
        COUNT,
        /** A whole number, 0 or more. */
        COUNT_OR_ZERO,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A TCP/UDP port, 1 to 65535. */
        PORT,
        /** {@code ALL}, {@code TCP} or {@code UDP} (any case, {@code ALL_TCP}/{@code ALL_UDP} too): a FortiOS service. */
        TRAFFIC_PROTOCOL,
        /** Free text; blank means unset. */
        TEXT,
        /** Free text that is never logged or shown. */
        SECRET,
        /** Comma-separated names of {@code [A-Za-z0-9_-]}. */
        NAME_LIST,
        /** An IPv4 network in CIDR notation, {@code a.b.c.d/n}. */
        CIDR
    }

    private final String key;
    private final Type type;
    private final String defaultValue;
    private final String min;
    private final String max;

    SettingKey(String key, Type type, String defaultValue) {
        this(key, type, defaultValue, null, null);
    }

    /** A number or duration setting with an inclusive range (seconds for durations). */
    SettingKey(String key, Type type, String defaultValue, String min, String max) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
    }

    /** The smallest value accepted (seconds for durations), or null when only the type's own bound applies. */
    public String min() {
        return min;
    }

    /** The largest value accepted (seconds for durations), or null when unbounded. */
    public String max() {
        return max;
    }

    /** The kebab-case key, e.g. {@code heartbeat-interval}. */
    public String key() {
        return key;
    }

    public Type type() {
        return type;
    }

    /** The default as text, or null when the setting has none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** The app setting (environment variable) that seeds it, e.g. {@code HEARTBEAT_INTERVAL}. */
    public String appSettingName() {
        return key.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    public boolean isSecret() {
        return type == Type.SECRET;
    }

    public static SettingKey fromKey(String key) {
        for (SettingKey k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }
}
