package com.fortinet.autoscale.adapter.local;

import com.fortinet.autoscale.domain.StoreUnavailableException;
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
    private volatile Snapshot snapshot = new Snapshot(null, -1, Map.of(), false);
    private volatile Snapshot lastBad;

    /** A read of the file; {@code good} once a read parsed. */
    private record Snapshot(FileTime modified, long size, Map<VmId, Member> members, boolean good) {}

    public LocalScaleSetsFile(Path file) {
        this.file = file;
        try {
            refresh();
        } catch (StoreUnavailableException e) {
            // reported by the log line above; every call tries again
        }
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
        FileTime modified = null;
        long size = -1;
        try {
            modified = Files.getLastModifiedTime(file);
            size = Files.size(file);
            if (modified.equals(current.modified()) && size == current.size()) {
                return usable(current);
            }
            synchronized (this) {
                Snapshot next = new Snapshot(modified, size, parse(Files.readString(file, StandardCharsets.UTF_8)), true);
                snapshot = next;
                return next;
            }
        } catch (IOException | RuntimeException e) {
            // No new information, never "no members": keep the last good copy, or answer unavailable when there
            // is none, so that nothing is cleaned up or released because of a file being edited.
            Snapshot bad = new Snapshot(modified, size, current.members(), current.good());
            if (!bad.equals(lastBad)) {
                lastBad = bad;
                String why = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
                LOG.log(Level.WARNING, "scale sets file {0} is unusable ({1}); {2}", new Object[] {file, why,
                        current.good() ? "keeping the copy read before" : "no good copy yet: the scale sets are unavailable"});
            }
            return usable(current);
        }
    }

    private Snapshot usable(Snapshot s) {
        if (!s.good()) {
            throw new StoreUnavailableException("scale sets file " + file + " has not been read successfully yet",
                    null, null);
        }
        return s;
    }


    /**
     * The members a scale-sets file lists, read strictly ({@link ScaleSetsFileFormat}).
     *
     * @throws IllegalArgumentException naming the first mistake with its path in the file
     */
    public static Map<VmId, Member> parse(String json) {
        return ScaleSetsFileFormat.parse(json);
    }
}
