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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local runner's scale sets, from a JSON file that is re-read when it changes (SPEC §9):
 * <pre>{"scaleSets":[{"name":"byol","licensing":"byol","instances":[{"vmId":"…","privateIp":"10.0.1.4"}]}]}</pre>
 * An instance may also list its NICs, port1 first:
 * {@code "networkInterfaces":[{"privateIp":"10.0.1.4","subnetId":"/subscriptions/…/virtualNetworks/v/subnets/s"}]};
 * then {@code privateIp} defaults to the first NIC's.
 * An instance removed from the file has been scaled in. {@link #terminate} removes the instance from the file.
 *
 * <p>A file that cannot be read or parsed is no new information: the copy read before stays. So is a scale set
 * that listed FortiGates and suddenly lists none, or is gone from the file (a file emptied by mistake, an edit
 * half done): its members stay, with one warning, until reads {@code empty-scale-set-confirmation} apart agree
 * (as for Azure scale sets, behaviour §3); then it has really scaled to zero.
 */
public final class LocalScaleSetsFile implements ScaleSets {
    private static final Logger LOG = Logger.getLogger(LocalScaleSetsFile.class.getName());
    /** {@code empty-scale-set-confirmation}'s default, for a file read without the settings. */
    private static final Duration DEFAULT_CONFIRMATION = Duration.ofSeconds(300);

    private final Path file;
    private final Supplier<Duration> confirmation;
    private final Clock clock;
    private volatile Snapshot snapshot = new Snapshot(null, -1, Map.of(), false, Map.of());
    private volatile Snapshot lastBad;

    /**
     * A read of the file; {@code good} once a read parsed. {@code members} includes those of the sets kept while
     * they read empty: {@code emptySince} says since when each of those has.
     */
    private record Snapshot(FileTime modified, long size, Map<VmId, Member> members, boolean good,
                            Map<String, Instant> emptySince) {}

    public LocalScaleSetsFile(Path file) {
        this(file, () -> DEFAULT_CONFIRMATION, Clock.systemUTC());
    }

    /** @param confirmation how long a set must read empty before it has scaled to zero (read on use) */
    public LocalScaleSetsFile(Path file, Supplier<Duration> confirmation, Clock clock) {
        this.file = file;
        this.confirmation = confirmation;
        this.clock = clock;
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
            // this process knows the member is gone: a set it leaves empty is no anomaly
            Snapshot s = snapshot;
            Map<VmId, Member> left = new LinkedHashMap<>(s.members());
            left.remove(member.vmId());
            snapshot = new Snapshot(s.modified(), s.size(), Map.copyOf(left), s.good(), s.emptySince());
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
                return usable(current.emptySince().isEmpty() ? current : confirmEmptySets(current));
            }
            synchronized (this) {
                Map<VmId, Member> read = parse(Files.readString(file, StandardCharsets.UTF_8));
                Snapshot next = keepSetsReadEmpty(snapshot, new Snapshot(modified, size, read, true, Map.of()));
                snapshot = next;
                return next;
            }
        } catch (IOException | RuntimeException e) {
            // No new information, never "no members": keep the last good copy, or answer unavailable when there
            // is none, so that nothing is cleaned up or released because of a file being edited.
            Snapshot bad = new Snapshot(modified, size, current.members(), current.good(), Map.of());
            if (!bad.equals(lastBad)) {
                lastBad = bad;
                String why = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
                LOG.log(Level.WARNING, "scale sets file {0} is unusable ({1}); {2}", new Object[] {file, why,
                        current.good() ? "keeping the copy read before" : "no good copy yet: the scale sets are unavailable"});
            }
            return usable(current);
        }
    }

    /**
     * The new read, with the members of every set that had some before and lists none now, unless that set has
     * read empty for the confirmation time already.
     */
    private Snapshot keepSetsReadEmpty(Snapshot before, Snapshot read) {
        Map<String, List<Member>> had = bySet(before.members());
        Set<String> listed = new HashSet<>();
        read.members().values().forEach(m -> listed.add(m.scaleSet().toLowerCase(Locale.ROOT)));
        Map<VmId, Member> members = new LinkedHashMap<>(read.members());
        Map<String, Instant> emptySince = new HashMap<>();
        Instant now = clock.instant();
        for (Map.Entry<String, List<Member>> set : had.entrySet()) {
            if (listed.contains(set.getKey().toLowerCase(Locale.ROOT))) {
                continue;
            }
            Instant since = before.emptySince().getOrDefault(set.getKey(), now);
            if (confirmed(since, now)) {
                LOG.log(Level.WARNING, "scale sets file {0}: scale set {1} has listed no instance for {2} s:"
                        + " it has scaled to zero", new Object[] {file, set.getKey(), confirmationTime().toSeconds()});
                continue;
            }
            if (!before.emptySince().containsKey(set.getKey())) {
                LOG.log(Level.WARNING, "scale sets file {0}: scale set {1} suddenly lists no instance; keeping its {2}"
                        + " member(s) until reads {3} s apart agree (no new information, not a scale-in)",
                        new Object[] {file, set.getKey(), set.getValue().size(), confirmationTime().toSeconds()});
            }
            emptySince.put(set.getKey(), since);
            set.getValue().forEach(m -> members.putIfAbsent(m.vmId(), m));
        }
        return new Snapshot(read.modified(), read.size(), Map.copyOf(members), true, Map.copyOf(emptySince));
    }

    /** The snapshot without the kept sets whose confirmation time has passed (the file itself unchanged). */
    private synchronized Snapshot confirmEmptySets(Snapshot current) {
        Instant now = clock.instant();
        if (current != snapshot || current.emptySince().values().stream().noneMatch(since -> confirmed(since, now))) {
            return snapshot;
        }
        Map<VmId, Member> members = new LinkedHashMap<>(current.members());
        Map<String, Instant> emptySince = new HashMap<>(current.emptySince());
        current.emptySince().forEach((set, since) -> {
            if (confirmed(since, now)) {
                members.values().removeIf(m -> m.scaleSet().equals(set));
                emptySince.remove(set);
                LOG.log(Level.WARNING, "scale sets file {0}: scale set {1} has listed no instance for {2} s:"
                        + " it has scaled to zero", new Object[] {file, set, confirmationTime().toSeconds()});
            }
        });
        snapshot = new Snapshot(current.modified(), current.size(), Map.copyOf(members), true, Map.copyOf(emptySince));
        return snapshot;
    }

    private boolean confirmed(Instant since, Instant now) {
        return Duration.between(since, now).compareTo(confirmationTime()) >= 0;
    }

    /** The setting as it is now; its default when the settings cannot be read. */
    private Duration confirmationTime() {
        try {
            return confirmation.get();
        } catch (RuntimeException e) {
            return DEFAULT_CONFIRMATION;
        }
    }

    private static Map<String, List<Member>> bySet(Map<VmId, Member> members) {
        Map<String, List<Member>> sets = new LinkedHashMap<>();
        members.values().forEach(m -> sets.computeIfAbsent(m.scaleSet(), k -> new ArrayList<>()).add(m));
        return sets;
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
