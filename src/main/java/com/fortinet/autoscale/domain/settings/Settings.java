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

    private final Map<SettingKey, Object> values;

    private Settings(Map<SettingKey, Object> values) {
        this.values = values;
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
        List<String> problems = new ArrayList<>();
        for (SettingKey key : SettingKey.values()) {
            String text = raw.get(key.key());
            if (text == null || text.isBlank()) {
                text = key.defaultValue();
            }
            if (text == null) {
                continue;
            }
            try {
                parsed.put(key, parse(key.type(), text.trim()));
            } catch (IllegalArgumentException e) {
                String shown = key.isSecret() ? "(hidden)" : "'" + text + "'";
                problems.add(key.key() + ": " + e.getMessage() + ", got " + shown);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        return new Settings(parsed);
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
                return Duration.ofNanos(seconds.movePointRight(9).longValue());
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
