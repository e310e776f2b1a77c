package com.fortinet.autoscale.domain.settings;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The typed, validated autoscale settings (SPEC §7). Built from raw kebab-case key/value pairs; a value of
 * the wrong form fails the whole load with {@link InvalidSettingsException} naming the key, so a default
 * is never used silently in place of a value an operator set.
 */
public final class Settings {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern CIDR = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}");
    /** The longest duration any setting may hold: a day, far beyond every range, far below overflow. */
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(86_400);

    /** What App Service leaves in an app setting whose Key Vault reference it could not resolve. */
    private static final String KEY_VAULT_REFERENCE = "@microsoft.keyvault(";

    private final Map<SettingKey, Object> values;
    private final java.util.Set<SettingKey> unresolved;

    private Settings(Map<SettingKey, Object> values, java.util.Set<SettingKey> unresolved) {
        this.values = values;
        this.unresolved = unresolved;
    }

    /**
     * Whether a value is the literal text of a Key Vault reference ({@code @Microsoft.KeyVault(...)}): App Service
     * hands it over as is when it cannot resolve the reference (its role not yet effective, the vault
     * unreachable). Such text is never a value: never seeded, rendered or used as a key.
     */
    public static boolean isUnresolvedKeyVaultReference(String value) {
        return value != null && value.trim().toLowerCase(Locale.ROOT).startsWith(KEY_VAULT_REFERENCE);
    }

    /** The settings whose value is an unresolved Key Vault reference (they count as unset). */
    public java.util.Set<SettingKey> unresolvedKeyVaultReferences() {
        return unresolved;
    }

    /** All defaults; the settings of a fresh deployment. */
    public static Settings defaults() {
        return from(Map.of());
    }

    /**
     * Parses raw values; unknown keys are ignored, blank values count as unset.
     *
     * @throws InvalidSettingsException naming each key whose value is of the wrong form
     */
    public static Settings from(Map<String, String> raw) {
        Map<SettingKey, Object> parsed = new EnumMap<>(SettingKey.class);
        java.util.Set<SettingKey> unresolved = java.util.EnumSet.noneOf(SettingKey.class);
        List<String> problems = new ArrayList<>();
        for (SettingKey key : SettingKey.values()) {
            String text = raw.get(key.key());
            if (isUnresolvedKeyVaultReference(text)) {
                unresolved.add(key);
                continue;
            }
            if (text == null || text.isBlank()) {
                text = key.defaultValue();
            }
            if (text == null) {
                continue;
            }
            try {
                Object value = parse(key.type(), text.trim());
                checkRange(key, value);
                parsed.put(key, value);
            } catch (IllegalArgumentException e) {
                String shown = key.isSecret() ? "(hidden)" : "'" + text + "'";
                problems.add(key.key() + ": " + e.getMessage() + ", got " + shown);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        return new Settings(parsed, java.util.Collections.unmodifiableSet(unresolved));
    }

    /** The key's own range, when it has one; the message gives the range and the unit. */
    private static void checkRange(SettingKey key, Object value) {
        if (key.min() == null && key.max() == null) {
            return;
        }
        BigDecimal v = value instanceof Duration d ? BigDecimal.valueOf(d.toNanos()).movePointLeft(9)
                : BigDecimal.valueOf(((Number) value).longValue());
        BigDecimal min = key.min() == null ? null : new BigDecimal(key.min());
        BigDecimal max = key.max() == null ? null : new BigDecimal(key.max());
        if ((min != null && v.compareTo(min) < 0) || (max != null && v.compareTo(max) > 0)) {
            String unit = value instanceof Duration ? " seconds" : "";
            throw new IllegalArgumentException("expected " + key.min() + " to " + key.max() + unit);
        }
    }

    private static Object parse(SettingKey.Type type, String text) {
        switch (type) {
            case SECONDS:
            case SECONDS_OR_ZERO: {
                BigDecimal seconds;
                try {
                    seconds = new BigDecimal(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a number of seconds");
                }
                int sign = seconds.signum();
                if (sign < 0 || (sign == 0 && type == SettingKey.Type.SECONDS)) {
                    throw new IllegalArgumentException(type == SettingKey.Type.SECONDS
                            ? "expected a number of seconds greater than 0" : "expected a number of seconds of 0 or more");
                }
                // Exactly, or not at all: 1e-10 is not 0 and 1e10 does not wrap to a negative duration.
                if (seconds.stripTrailingZeros().scale() > 9) {
                    throw new IllegalArgumentException("expected seconds with at most 9 decimal places");
                }
                if (seconds.compareTo(MAX_SECONDS) > 0) {
                    throw new IllegalArgumentException("expected at most " + MAX_SECONDS.toPlainString() + " seconds");
                }
                return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
            }
            case WHOLE_SECONDS: {
                BigDecimal seconds;
                try {
                    seconds = new BigDecimal(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a whole number of seconds");
                }
                if (seconds.signum() <= 0 || seconds.stripTrailingZeros().scale() > 0) {
                    throw new IllegalArgumentException("expected a whole number of seconds greater than 0");
                }
                if (seconds.compareTo(MAX_SECONDS) > 0) {
                    throw new IllegalArgumentException("expected at most " + MAX_SECONDS.toPlainString() + " seconds");
                }
                return Duration.ofSeconds(seconds.longValueExact());
            }
            case TRAFFIC_PROTOCOL:
                return fortiOsService(text);
            case COUNT:
            case COUNT_OR_ZERO: {
                int n;
                try {
                    n = Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a whole number");
                }
                int min = type == SettingKey.Type.COUNT ? 1 : 0;
                if (n < min) {
                    throw new IllegalArgumentException("expected a whole number of " + min + " or more");
                }
                return n;
            }
            case BOOLEAN: {
                String lower = text.toLowerCase(Locale.ROOT);
                if (lower.equals("true")) {
                    return Boolean.TRUE;
                }
                if (lower.equals("false")) {
                    return Boolean.FALSE;
                }
                throw new IllegalArgumentException("expected true or false");
            }
            case PORT: {
                int port;
                try {
                    port = Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a port number");
                }
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("expected a port number from 1 to 65535");
                }
                return port;
            }
            case NAME_LIST: {
                List<String> names = new ArrayList<>();
                for (String part : text.split(",")) {
                    String name = part.trim();
                    if (name.isEmpty()) {
                        continue;
                    }
                    if (!NAME.matcher(name).matches()) {
                        throw new IllegalArgumentException("expected comma-separated names of letters, digits, _ and -");
                    }
                    names.add(name);
                }
                return List.copyOf(names);
            }
            case CIDR: {
                if (!CIDR.matcher(text).matches()) {
                    throw new IllegalArgumentException("expected an IPv4 network like 10.0.0.0/16");
                }
                String[] parts = text.split("/");
                for (String octet : parts[0].split("\\.")) {
                    if (Integer.parseInt(octet) > 255) {
                        throw new IllegalArgumentException("expected an IPv4 network like 10.0.0.0/16");
                    }
                }
                if (Integer.parseInt(parts[1]) > 32) {
                    throw new IllegalArgumentException("expected a prefix length from 0 to 32");
                }
                return text;
            }
            case TEXT:
            case SECRET:
            default:
                return text;
        }
    }

    /** The value as text, as it would be written back to the store; empty when unset. */
    public Optional<String> text(SettingKey key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Duration d) {
            return Optional.of(formatSeconds(d));
        }
        if (v instanceof List<?> l) {
            return Optional.of(String.join(",", l.stream().map(Object::toString).toList()));
        }
        return Optional.of(v.toString());
    }

    /**
     * The FortiOS firewall service for a traffic protocol: {@code ALL}, {@code ALL_TCP} or {@code ALL_UDP}
     * ({@code tcp} and {@code udp} stand for the last two, any case).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static String fortiOsService(String protocol) {
        String p = protocol.trim().toUpperCase(Locale.ROOT);
        return switch (p) {
            case "ALL" -> "ALL";
            case "TCP", "ALL_TCP" -> "ALL_TCP";
            case "UDP", "ALL_UDP" -> "ALL_UDP";
            default -> throw new IllegalArgumentException("expected ALL, TCP or UDP");
        };
    }

    /** Seconds as FortiOS and operators write them: {@code 30}, or {@code 0.5}. */
    public static String formatSeconds(Duration d) {
        return BigDecimal.valueOf(d.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString();
    }

    public Duration heartbeatInterval() {
        return (Duration) values.get(SettingKey.HEARTBEAT_INTERVAL);
    }

    public Duration heartbeatDelayAllowance() {
        return (Duration) values.get(SettingKey.HEARTBEAT_DELAY_ALLOWANCE);
    }

    public int heartbeatLossCount() {
        return (Integer) values.get(SettingKey.HEARTBEAT_LOSS_COUNT);
    }

    public int syncRecoveryCount() {
        return (Integer) values.get(SettingKey.SYNC_RECOVERY_COUNT);
    }

    public boolean terminateUnhealthyVm() {
        return flag(SettingKey.TERMINATE_UNHEALTHY_VM);
    }

    /**
     * How long a configured scale set that records or licenses name must keep reading empty before the monitor
     * believes it (two reads at least this far apart); before, the empty read is a membership anomaly.
     */
    public Duration emptyScaleSetConfirmation() {
        return (Duration) values.get(SettingKey.EMPTY_SCALE_SET_CONFIRMATION);
    }

    /** At most this many FortiGates are deleted per health monitor run. */
    public int terminationBudget() {
        return (Integer) values.get(SettingKey.TERMINATION_BUDGET);
    }

    public boolean flag(SettingKey key) {
        if (key.type() != SettingKey.Type.BOOLEAN) {
            throw new IllegalArgumentException(key.key() + " is not a true/false setting");
        }
        return (Boolean) values.get(key);
    }

    public int port(SettingKey key) {
        if (key.type() != SettingKey.Type.PORT) {
            throw new IllegalArgumentException(key.key() + " is not a port setting");
        }
        return (Integer) values.get(key);
    }

    public Optional<Integer> count(SettingKey key) {
        if (key.type() != SettingKey.Type.COUNT && key.type() != SettingKey.Type.COUNT_OR_ZERO) {
            throw new IllegalArgumentException(key.key() + " is not a number setting");
        }
        return Optional.ofNullable((Integer) values.get(key));
    }

    @SuppressWarnings("unchecked")
    public List<String> additionalConfigsetNames() {
        return (List<String>) values.getOrDefault(SettingKey.ADDITIONAL_CONFIGSET_NAME_LIST, List.of());
    }

    public Optional<String> byolScalingGroup() {
        return text(SettingKey.BYOL_SCALING_GROUP_NAME);
    }

    public Optional<String> paygScalingGroup() {
        return text(SettingKey.PAYG_SCALING_GROUP_NAME);
    }

    /**
     * The scale set whose FortiGates are preferred as primary: {@code primary-scaling-group-name}, else the
     * BYOL set, else the PAYG set; empty when none is named (then every group is equal).
     */
    public Optional<String> preferredPrimaryGroup() {
        return text(SettingKey.PRIMARY_SCALING_GROUP_NAME)
                .or(this::byolScalingGroup)
                .or(this::paygScalingGroup);
    }

    /** A copy with some raw values replaced; used by tests and by callers that overlay settings. */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> raw = new java.util.HashMap<>();
        for (SettingKey key : SettingKey.values()) {
            text(key).ifPresent(v -> raw.put(key.key(), v));
        }
        unresolved.forEach(key -> raw.put(key.key(), "@Microsoft.KeyVault(unresolved)"));
        raw.putAll(overrides);
        return from(raw);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Settings{");
        Arrays.stream(SettingKey.values()).forEach(k -> text(k).ifPresent(v ->
                sb.append(k.key()).append('=').append(k.isSecret() ? "***" : v).append(", ")));
        return sb.append('}').toString();
    }
}
