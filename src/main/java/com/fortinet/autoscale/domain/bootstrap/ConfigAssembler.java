package com.fortinet.autoscale.domain.bootstrap;

import com.fortinet.autoscale.domain.StoreUnavailableException;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.settings.SettingKey;
import com.fortinet.autoscale.domain.settings.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assembles a FortiGate's bootstrap configuration from config sets (behaviour §5): the order of the parts,
 * placeholders, escaping, and the role lines. The built-in config sets stand in only for the names the
 * application ships; a named additional config set must exist in the asset store.
 *
 * <p>FortiOS runs the answer once and never asks again, so only {@code baseconfig} (which carries
 * {@code config system auto-scale}) may fail the request; any other part that cannot be read or filled is
 * left out and reported in {@link Assembly#omitted()}.
 */
public final class ConfigAssembler {
    /** The config sets the application ships (used when the asset store has none of that name). */
    public static final Set<String> BUILT_IN = Set.of("baseconfig", "port2config", "internalelbwebserv",
            "fazintegration", "extraports", "trafficpolicy");

    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\{(@device\\.[A-Za-z]+(?:#\\d{1,2}\\.[A-Za-z]+)?|[A-Z][A-Z_]*)}");
    private static final Pattern NIC_PROPERTY = Pattern.compile("networkInterfaces#(\\d{1,2})\\.([A-Za-z]+)");
    /** A role line of {@code config system auto-scale}; FortiOS before 7.0.1 says master/slave. */
    private static final Pattern ROLE =
            Pattern.compile("(?m)^([ \\t]*)set role (primary|secondary|master|slave)[ \\t]*$");

    private final ConfigSets assets;
    private final ConfigSets builtIns;

    /** The configuration, and the optional parts left out of it (empty when nothing was). */
    public record Assembly(String config, List<Omitted> omitted) {
        public Assembly {
            Objects.requireNonNull(config, "config");
            omitted = List.copyOf(omitted);
        }
    }

    /** An optional config set left out of a configuration, and why (a one-line reason naming no secret). */
    public record Omitted(String configSet, String reason) {}

    public ConfigAssembler(ConfigSets assets, ConfigSets builtIns) {
        this.assets = Objects.requireNonNull(assets, "assets");
        this.builtIns = Objects.requireNonNull(builtIns, "builtIns");
    }

    /**
     * The configuration for {@code device}, always as a secondary: every {@code set role} line says
     * {@code secondary} ({@code slave} in older templates), followed by {@code set primary-ip <ip>} when
     * {@code primaryIp} is given. The elected device learns its role from a heartbeat answer carrying its own IP.
     *
     * @param primaryIp the IP of a live primary other than the device; empty when there is none to name
     * @throws BootstrapException when {@code baseconfig} is missing or a placeholder in it cannot be filled
     */
    public Assembly assemble(Settings settings, Member device, Optional<String> primaryIp) {
        List<String> parts = new ArrayList<>();
        List<Omitted> omitted = new ArrayList<>();
        if (settings.flag(SettingKey.ENABLE_SECOND_NIC)) {
            optional("port2config", () -> render("port2config", settings, device), parts, omitted);
        }
        parts.add(render("baseconfig", settings, device));
        if (settings.flag(SettingKey.ENABLE_INTERNAL_ELB)) {
            optional("internalelbwebserv", () -> render("internalelbwebserv", settings, device), parts, omitted);
        }
        if (settings.flag(SettingKey.ENABLE_FORTIANALYZER_INTEGRATION)) {
            optional("fazintegration", () -> render("fazintegration", settings, device), parts, omitted);
        }
        for (String name : settings.additionalConfigsetNames()) {
            optional(name, () -> render(name, settings, device), parts, omitted);
        }
        List<ConfigSets.Named> custom;
        try {
            custom = assets.custom();
        } catch (StoreUnavailableException e) {
            custom = List.of();
            omitted.add(new Omitted("custom config sets", "the asset store is unavailable"));
        }
        for (ConfigSets.Named set : custom) {
            optional(set.name(), () -> substitute(set.name(), set.content(), settings, device), parts, omitted);
        }
        if (settings.flag(SettingKey.ENABLE_EXTRA_PORTS)) {
            optional("extraports", () -> render("extraports", settings, device), parts, omitted);
        }
        String config = String.join("\n", parts);
        return new Assembly(asSecondary(config, primaryIp.filter(ip -> !ip.isBlank())), omitted);
    }

    /** Adds the part, or records why it was left out: an optional part never fails a bootstrap. */
    private static void optional(String name, Supplier<String> part, List<String> parts, List<Omitted> omitted) {
        try {
            parts.add(part.get());
        } catch (BootstrapException e) {
            omitted.add(new Omitted(name, e.getMessage()));
        } catch (StoreUnavailableException e) {
            omitted.add(new Omitted(name, "the asset store is unavailable"));
        }
    }

    private String render(String name, Settings settings, Member device) {
        Optional<String> text = assets.read(name);
        if (text.isEmpty() && BUILT_IN.contains(name)) {
            text = builtIns.read(name);
        }
        return substitute(name, text.orElseThrow(() -> new BootstrapException("config set " + name + " not found")),
                settings, device);
    }

    private static String substitute(String setName, String text, Settings settings, Member device) {
        String normalized = text.replace("\r\n", "\n").replace('\r', '\n');
        while (normalized.endsWith("\n")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        Matcher m = PLACEHOLDER.matcher(normalized);
        StringBuilder out = new StringBuilder(normalized.length() + 64);
        while (m.find()) {
            String value = value(m.group(1), setName, settings, device);
            m.appendReplacement(out, Matcher.quoteReplacement(escape(value, m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String value(String placeholder, String setName, Settings settings, Member device) {
        if (placeholder.startsWith("@device.")) {
            String property = placeholder.substring("@device.".length());
            String v = DeviceProperties.value(device, property).orElseThrow(() -> new BootstrapException(
                    DeviceProperties.isKnown(property)
                            ? "device property " + property + " is unknown (needed by {" + placeholder
                                    + "} in config set " + setName + ")"
                            : "unknown placeholder {" + placeholder + "} in config set " + setName));
            return v;
        }
        SettingKey key = switch (placeholder) {
            case "SYNC_INTERFACE" -> SettingKey.FORTIGATE_SYNC_INTERFACE;
            case "PSK_SECRET" -> SettingKey.FORTIGATE_PSK_SECRET;
            case "ADMIN_PORT" -> SettingKey.FORTIGATE_ADMIN_PORT;
            case "HEART_BEAT_INTERVAL" -> SettingKey.HEARTBEAT_INTERVAL;
            case "CALLBACK_URL" -> SettingKey.AUTOSCALE_HANDLER_URL;
            case "TRAFFIC_PORT" -> SettingKey.FORTIGATE_TRAFFIC_PORT;
            case "TRAFFIC_PROTOCOL" -> SettingKey.FORTIGATE_TRAFFIC_PROTOCOL;
            case "VIRTUAL_NETWORK_CIDR" -> SettingKey.FORTIGATE_AUTOSCALE_VIRTUAL_NETWORK_CIDR;
            case "FAZ_PRIVATE_IP" -> SettingKey.FAZ_IP;
            case "INTERNAL_ELB_DNS" -> SettingKey.FORTIGATE_INTERNAL_ELB_DNS;
            case "EXTERNAL_INTERFACE" -> SettingKey.FORTIGATE_EXTERNAL_INTERFACE;
            case "INTERNAL_INTERFACE" -> SettingKey.FORTIGATE_INTERNAL_INTERFACE;
            default -> throw new BootstrapException("unknown placeholder {" + placeholder + "} in config set " + setName);
        };
        String text = settings.text(key).orElseThrow(() -> new BootstrapException("setting " + key.key()
                + (settings.unresolvedKeyVaultReferences().contains(key)
                        ? " is an unresolved Key Vault reference (App Service could not read the secret)"
                        : " is not set")
                + " (needed by {" + placeholder + "} in config set " + setName + ")"));
        if (key == SettingKey.FORTIGATE_TRAFFIC_PROTOCOL) {
            return Settings.fortiOsService(text);
        }
        return text;
    }

    /** Escapes a value for a FortiOS string; a line break could smuggle in commands, so it is refused. */
    private static String escape(String value, String placeholder) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new BootstrapException("the value for {" + placeholder + "} contains a line break");
        }
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Every role line made a secondary's, naming the primary when there is one (never {@code null}). */
    private static String asSecondary(String config, Optional<String> primaryIp) {
        Matcher m = ROLE.matcher(config);
        StringBuilder out = new StringBuilder(config.length() + 64);
        while (m.find()) {
            String indent = m.group(1);
            boolean legacy = m.group(2).equals("master") || m.group(2).equals("slave");
            String replacement = indent + (legacy ? "set role slave" : "set role secondary")
                    + primaryIp.map(ip -> "\n" + indent + (legacy ? "set master-ip " : "set primary-ip ") + ip).orElse("");
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The {@code {@device.…}} placeholders: today's names and the original product's (behaviour §5). */
    static final class DeviceProperties {
        private static final Set<String> NAMES = Set.of("vmId", "id", "hostname", "privateIp",
                "primaryPrivateIpAddress", "scalingGroup", "scaleSet", "scalingGroupName", "instanceId",
                "virtualNetworkId", "subnetId");

        private DeviceProperties() {}

        static boolean isKnown(String property) {
            Matcher nic = NIC_PROPERTY.matcher(property);
            return NAMES.contains(property) || (nic.matches() && nic.group(2).equals("privateIpAddress"));
        }

        /** The property's value for the device; empty when the platform did not report it (or it is unknown). */
        static Optional<String> value(Member device, String property) {
            Matcher nic = NIC_PROPERTY.matcher(property);
            if (nic.matches()) {
                if (!nic.group(2).equals("privateIpAddress")) {
                    return Optional.empty();
                }
                return device.networkInterface(Integer.parseInt(nic.group(1)))
                        .flatMap(Member.NetworkInterface::privateIp);
            }
            String v = switch (property) {
                case "vmId", "id" -> device.vmId().value();
                case "hostname" -> device.vmId().hostname();
                case "privateIp", "primaryPrivateIpAddress" -> device.privateIp();
                case "scalingGroup", "scaleSet", "scalingGroupName" -> device.scaleSet();
                case "instanceId" -> device.instanceId();
                // The original product filled these with the names, not the ARM ids: keep its custom sets working.
                case "virtualNetworkId" -> device.primaryNetworkInterface()
                        .flatMap(Member.NetworkInterface::virtualNetworkName).orElse(null);
                case "subnetId" -> device.primaryNetworkInterface()
                        .flatMap(Member.NetworkInterface::subnetName).orElse(null);
                default -> null;
            };
            return Optional.ofNullable(v).filter(s -> !s.isBlank());
        }
    }
}
