package com.fortinet.autoscale.adapter.local;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local runner's scale sets, from a JSON file that is re-read when it changes (SPEC §9):
 * <pre>{"scaleSets":[{"name":"byol","licensing":"byol","instances":[{"vmId":"…","privateIp":"10.0.1.4"}]}]}</pre>
 * An instance may also list its NICs, port1 first:
 * {@code "networkInterfaces":[{"privateIp":"10.0.1.4","subnetId":"/subscriptions/…/virtualNetworks/v/subnets/s"}]};
 * then {@code privateIp} defaults to the first NIC's.
 * An instance removed from the file has been scaled in. {@link #terminate} removes the instance from the file.
 */
public final class LocalScaleSetsFile implements ScaleSets {
    private static final Logger LOG = Logger.getLogger(LocalScaleSetsFile.class.getName());

    private final Path file;
    private volatile Snapshot snapshot = new Snapshot(null, -1, Map.of());

    private record Snapshot(FileTime modified, long size, Map<VmId, Member> members) {}

    public LocalScaleSetsFile(Path file) {
        this.file = file;
        refresh();
    }

    @Override
    public Optional<Member> find(VmId vmId) {
        return Optional.ofNullable(refresh().members().get(vmId));
    }

    @Override
    public List<Member> members() {
        return new ArrayList<>(refresh().members().values());
    }

    @Override
    public synchronized void terminate(Member member) {
        try {
            JsonObject root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            for (JsonElement set : root.getAsJsonArray("scaleSets")) {
                JsonArray instances = set.getAsJsonObject().getAsJsonArray("instances");
                for (int i = instances.size() - 1; i >= 0; i--) {
                    String id = instances.get(i).getAsJsonObject().get("vmId").getAsString();
                    if (VmId.of(id).equals(member.vmId())) {
                        instances.remove(i);
                    }
                }
            }
            Files.writeString(file, root.toString(), StandardCharsets.UTF_8);
            LOG.info(() -> "terminated " + member.vmId() + " (removed from " + file + ")");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot terminate {0}: {1}", new Object[] {member.vmId(), e.toString()});
        }
    }

    private Snapshot refresh() {
        Snapshot current = snapshot;
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (modified.equals(current.modified()) && size == current.size()) {
                return current;
            }
            synchronized (this) {
                Snapshot next = new Snapshot(modified, size, parse(Files.readString(file, StandardCharsets.UTF_8)));
                snapshot = next;
                return next;
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot read scale sets file {0}, keeping the last good copy: {1}",
                    new Object[] {file, e.toString()});
            return current;
        }
    }

    static Map<VmId, Member> parse(String json) {
        Map<VmId, Member> members = new LinkedHashMap<>();
        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        for (JsonElement s : root.getAsJsonArray("scaleSets")) {
            JsonObject set = s.getAsJsonObject();
            String name = set.get("name").getAsString();
            Member.Licensing licensing = Member.Licensing.valueOf(
                    set.has("licensing") ? set.get("licensing").getAsString().toUpperCase(Locale.ROOT) : "PAYG");
            int index = 0;
            for (JsonElement i : set.getAsJsonArray("instances")) {
                JsonObject instance = i.getAsJsonObject();
                VmId vmId = VmId.of(instance.get("vmId").getAsString());
                String instanceId = instance.has("instanceId") ? instance.get("instanceId").getAsString()
                        : String.valueOf(index);
                String ip = instance.has("privateIp") ? instance.get("privateIp").getAsString() : null;
                List<Member.NetworkInterface> nics = networkInterfaces(instance);
                if (nics.isEmpty()) {
                    members.put(vmId, new Member(vmId, name, licensing, instanceId, ip));
                } else {
                    // Without "privateIp", the first NIC's (port1) is the member's IP, as on Azure.
                    String primary = ip != null ? ip : nics.get(0).privateIp().orElse(null);
                    members.put(vmId, new Member(vmId, name, licensing, instanceId, primary, nics));
                }
                index++;
            }
        }
        return Map.copyOf(members);
    }

    /** {@code "networkInterfaces":[{"privateIp":"10.0.1.4","subnetId":"/subscriptions/…/subnets/x"}, …]}, port1 first. */
    private static List<Member.NetworkInterface> networkInterfaces(JsonObject instance) {
        List<Member.NetworkInterface> nics = new ArrayList<>();
        if (!instance.has("networkInterfaces")) {
            return nics;
        }
        for (JsonElement n : instance.getAsJsonArray("networkInterfaces")) {
            JsonObject nic = n.getAsJsonObject();
            List<String> ips = new ArrayList<>();
            if (nic.has("privateIp")) {
                ips.add(nic.get("privateIp").getAsString());
            }
            String subnet = nic.has("subnetId") ? nic.get("subnetId").getAsString() : null;
            nics.add(new Member.NetworkInterface(nics.size(), ips, subnet));
        }
        return nics;
    }
}
