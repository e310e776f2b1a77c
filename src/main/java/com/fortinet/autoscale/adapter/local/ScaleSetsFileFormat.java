package com.fortinet.autoscale.adapter.local;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The local scale-sets file's format, read strictly: a mistake is reported with the path of the value
 * ({@code scaleSets[0].instances[1].privateIp}) and what was expected, never as a NullPointerException, and
 * nothing is guessed (a missing {@code licensing} is not PAYG, a missing IP is not null).
 * <pre>
 * {"scaleSets":[{"name":"byol","licensing":"byol","instances":[
 *   {"vmId":"…","privateIp":"10.0.1.4","instanceId":"0"},
 *   {"vmId":"…","networkInterfaces":[{"privateIp":"10.0.1.5","subnetId":"…"},{"privateIp":"10.0.2.5"}]}]}]}
 * </pre>
 */
final class ScaleSetsFileFormat {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private ScaleSetsFileFormat() {}

    /**
     * The members the file lists.
     *
     * @throws IllegalArgumentException naming the first mistake, with its path in the file
     */
    static Map<VmId, Member> parse(String json) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        JsonObject top = object(root, "the file");
        keys(top, "the file", Set.of("scaleSets"));
        Map<VmId, Member> members = new LinkedHashMap<>();
        List<JsonElement> sets = array(top, "scaleSets", "");
        for (int s = 0; s < sets.size(); s++) {
            String at = "scaleSets[" + s + "]";
            JsonObject set = object(sets.get(s), at);
            keys(set, at, Set.of("name", "licensing", "instances"));
            String name = text(set, "name", at);
            Member.Licensing licensing = licensing(set, at);
            List<JsonElement> instances = array(set, "instances", at);
            for (int i = 0; i < instances.size(); i++) {
                Member m = member(instances.get(i), at + ".instances[" + i + "]", name, licensing, i);
                if (members.put(m.vmId(), m) != null) {
                    throw new IllegalArgumentException(at + ".instances[" + i + "].vmId: " + m.vmId()
                            + " is listed twice");
                }
            }
        }
        return Map.copyOf(members);
    }

    private static Member member(JsonElement e, String at, String set, Member.Licensing licensing, int index) {
        JsonObject instance = object(e, at);
        keys(instance, at, Set.of("vmId", "instanceId", "privateIp", "networkInterfaces"));
        String rawVmId = text(instance, "vmId", at);
        VmId vmId;
        try {
            vmId = VmId.of(rawVmId);
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(at + ".vmId: expected a VM GUID, got '" + rawVmId + "'");
        }
        String instanceId = instance.has("instanceId") ? text(instance, "instanceId", at) : String.valueOf(index);
        String ip = instance.has("privateIp") ? ip(instance, "privateIp", at) : null;
        List<Member.NetworkInterface> nics = new ArrayList<>();
        if (instance.has("networkInterfaces")) {
            List<JsonElement> list = array(instance, "networkInterfaces", at);
            for (int n = 0; n < list.size(); n++) {
                String nicAt = at + ".networkInterfaces[" + n + "]";
                JsonObject nic = object(list.get(n), nicAt);
                keys(nic, nicAt, Set.of("privateIp", "subnetId"));
                List<String> ips = nic.has("privateIp") ? List.of(ip(nic, "privateIp", nicAt)) : List.of();
                String subnet = nic.has("subnetId") ? text(nic, "subnetId", nicAt) : null;
                nics.add(new Member.NetworkInterface(n, ips, subnet));
            }
        }
        if (ip == null) {
            // As on Azure, the first NIC's (port1) address is the member's.
            ip = nics.isEmpty() ? null : nics.get(0).privateIp().orElse(null);
        }
        if (ip == null) {
            throw new IllegalArgumentException(at + ": missing privateIp (or networkInterfaces[0].privateIp)");
        }
        return nics.isEmpty() ? new Member(vmId, set, licensing, instanceId, ip)
                : new Member(vmId, set, licensing, instanceId, ip, nics);
    }

    private static Member.Licensing licensing(JsonObject set, String at) {
        String raw = text(set, "licensing", at);
        try {
            return Member.Licensing.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ".licensing: expected \"byol\" or \"payg\", got '" + raw + "'");
        }
    }

    private static JsonObject object(JsonElement e, String at) {
        if (e == null || !e.isJsonObject()) {
            throw new IllegalArgumentException(at + ": expected a JSON object");
        }
        return e.getAsJsonObject();
    }

    private static List<JsonElement> array(JsonObject o, String key, String at) {
        String path = at.isEmpty() ? key : at + "." + key;
        JsonElement e = o.get(key);
        if (e == null) {
            throw new IllegalArgumentException(path + ": missing");
        }
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException(path + ": expected an array");
        }
        List<JsonElement> list = new ArrayList<>();
        e.getAsJsonArray().forEach(list::add);
        return list;
    }

    private static String text(JsonObject o, String key, String at) {
        JsonElement e = o.get(key);
        if (e == null) {
            throw new IllegalArgumentException(at + "." + key + ": missing");
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isBlank()) {
            throw new IllegalArgumentException(at + "." + key + ": expected a non-empty string");
        }
        return e.getAsString().trim();
    }

    private static String ip(JsonObject o, String key, String at) {
        String v = text(o, key, at);
        if (!IPV4.matcher(v).matches()) {
            throw new IllegalArgumentException(at + "." + key + ": expected an IPv4 address, got '" + v + "'");
        }
        return v;
    }

    private static void keys(JsonObject o, String at, Set<String> allowed) {
        for (String k : o.keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(at + ": unknown key '" + k + "' (expected "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String firstLine(String s) {
        String m = s == null ? "" : s;
        int cut = m.indexOf('\n');
        m = cut < 0 ? m : m.substring(0, cut);
        return m.replaceFirst("^[\\w.]+Exception: ", "");
    }
}
