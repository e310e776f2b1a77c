package com.fortinet.autoscale.domain.bootstrap;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.settings.SettingKey;
import com.fortinet.autoscale.domain.settings.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assembles a FortiGate's bootstrap configuration from config sets (SPEC §5): the order of the parts,
 * placeholders, escaping, and the role rewrite. The built-in config sets stand in only for the names the
 * application ships; a named additional config set must exist in the asset store.
 */
public final class ConfigAssembler {
    /** The config sets the application ships (used when the asset store has none of that name). */
    public static final Set<String> BUILT_IN = Set.of("baseconfig", "port2config", "internalelbwebserv",
            "fazintegration", "extraports");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(@device\\.[A-Za-z]+|[A-Z][A-Z_]*)}");
    private static final Pattern ROLE = Pattern.compile("(?m)^([ \\t]*)set role (primary|master)[ \\t]*$");

    private final ConfigSets assets;
    private final ConfigSets builtIns;

    public ConfigAssembler(ConfigSets assets, ConfigSets builtIns) {
        this.assets = Objects.requireNonNull(assets, "assets");
        this.builtIns = Objects.requireNonNull(builtIns, "builtIns");
    }

    /**
     * The configuration for {@code device}.
     *
     * @param primary the current primary; empty when none is elected yet (the device keeps
     *                {@code set role primary} and learns the truth from its first heartbeat's answer)
     * @throws BootstrapException naming the missing setting or config set
     */
    public String assemble(Settings settings, Member device, Optional<Primary> primary) {
        List<String> parts = new ArrayList<>();
        if (settings.flag(SettingKey.ENABLE_SECOND_NIC)) {
            parts.add(render("port2config", settings, device));
        }
        parts.add(render("baseconfig", settings, device));
        if (settings.flag(SettingKey.ENABLE_INTERNAL_ELB)) {
            parts.add(render("internalelbwebserv", settings, device));
        }
        if (settings.flag(SettingKey.ENABLE_FORTIANALYZER_INTEGRATION)) {
            parts.add(render("fazintegration", settings, device));
        }
        for (String name : settings.additionalConfigsetNames()) {
            parts.add(render(name, settings, device));
        }
        for (ConfigSets.Named custom : assets.custom()) {
            parts.add(substitute(custom.name(), custom.content(), settings, device));
        }
        if (settings.flag(SettingKey.ENABLE_EXTRA_PORTS)) {
            parts.add(render("extraports", settings, device));
        }
        String config = String.join("\n", parts);
        boolean staysPrimary = primary.isEmpty() || primary.get().vmId().equals(device.vmId());
        return staysPrimary ? config : rewriteRole(config, primary.get().privateIp());
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
            String v = switch (property) {
                case "vmId" -> device.vmId().value();
                case "privateIp" -> device.privateIp();
                case "scalingGroup", "scaleSet" -> device.scaleSet();
                case "instanceId" -> device.instanceId();
                default -> throw new BootstrapException(
                        "unknown placeholder {" + placeholder + "} in config set " + setName);
            };
            if (v == null || v.isBlank()) {
                throw new BootstrapException("device property " + property + " is unknown (needed by {"
                        + placeholder + "} in config set " + setName + ")");
            }
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
        return settings.text(key).orElseThrow(() -> new BootstrapException("setting " + key.key()
                + " is not set (needed by {" + placeholder + "} in config set " + setName + ")"));
    }

    /** Escapes a value for a FortiOS string; a line break could smuggle in commands, so it is refused. */
    private static String escape(String value, String placeholder) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new BootstrapException("the value for {" + placeholder + "} contains a line break");
        }
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String rewriteRole(String config, String primaryIp) {
        Matcher m = ROLE.matcher(config);
        StringBuilder out = new StringBuilder(config.length() + 64);
        while (m.find()) {
            String indent = m.group(1);
            boolean legacy = m.group(2).equals("master");
            String replacement = legacy
                    ? indent + "set role slave\n" + indent + "set master-ip " + primaryIp
                    : indent + "set role secondary\n" + indent + "set primary-ip " + primaryIp;
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
