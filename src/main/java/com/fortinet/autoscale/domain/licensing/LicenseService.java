package com.fortinet.autoscale.domain.licensing;
import com.fortinet.autoscale.domain.StoreUnavailableException;
import com.fortinet.autoscale.domain.StoreConflictException;
import com.fortinet.autoscale.domain.Versioned;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.UnknownInstanceException;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.domain.notification.Notifications;

import com.fortinet.autoscale.domain.notification.Notifier;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Hands out BYOL licenses (SPEC §6).
 *
 * <ul>
 *   <li>A FortiGate that holds a license gets the same one again.</li>
 *   <li>Otherwise it claims a license no one holds, by creating the usage record keyed by the license's
 *       SHA-256: the store lets only one create win, so no license is ever held by two FortiGates.</li>
 *   <li>Licenses held by vmIds that are in no managed scale set any more are released first
 *       (and {@link #release} frees a VM's license as soon as its deletion is observed).</li>
 *   <li>Only files in the current listing are handed out, so a file removed from storage is never handed
 *       out again; a holder whose file was removed gets another one.</li>
 *   <li>None free is a {@link NoneFree} result, an error log line and a {@code license-out-of-stock}
 *       notification.</li>
 *   <li>A FortiGate of a PAYG scale set gets {@link NotByol}: it is licensed by the marketplace, and asking
 *       for a BYOL license means its deployment is misconfigured. The function answers 409 with that
 *       reason rather than an empty 200, so the mistake is not mistaken for an empty stock (no
 *       out-of-stock alarm, nothing consumed), and it shows as a failed request with its reason.</li>
 * </ul>
 *
 * <p>Cost: one listing and one read of the usage records per request (license requests come once per
 * FortiGate boot). The SHA-256 of a file is computed when the file is first downloaded and kept in this
 * process under its name and version tag, so a request downloads only the file it hands out (plus, under
 * contention, the ones it tried first) and never the whole stock.
 *
 * <p>Requests of one vmId are serialized in this process. If two function instances served the same
 * FortiGate at the same instant, it could end up holding two licenses: both are recorded under its vmId
 * (never given to anyone else), it keeps getting the newer one, and both are released with it.
 */
public final class LicenseService {
    private static final Logger LOG = Logger.getLogger(LicenseService.class.getName());
    private static final int STRIPES = 256;

    private final LicenseStock stock;
    private final LicenseUsage usage;
    private final ScaleSets scaleSets;
    private final Clock clock;
    private final Notifications notifications;
    /** File name to the SHA-256 of its content at a version tag. Holds only files of the last listing. */
    private final ConcurrentHashMap<String, Hashed> index = new ConcurrentHashMap<>();
    private final Object[] stripes = new Object[STRIPES];

    private record Hashed(String version, String sha256) {}

    /** What a license request gets. */
    public sealed interface Result permits Granted, NoneFree, NotByol {}

    /**
     * A license for the FortiGate: the file's content and the usage record.
     *
     * @param again true when the FortiGate held it already
     */
    public record Granted(LicenseAssignment assignment, String content, boolean again) implements Result {}

    /** Every license in stock is held by a live FortiGate (or the stock is empty). */
    public record NoneFree(int filesInStock, int held) implements Result {}

    /** The FortiGate is in a PAYG scale set: it is licensed by the marketplace and gets no BYOL license. */
    public record NotByol(Member member) implements Result {}

    public LicenseService(LicenseStock stock, LicenseUsage usage, ScaleSets scaleSets, Clock clock,
                          Notifier notifier) {
        this.stock = Objects.requireNonNull(stock, "stock");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.scaleSets = Objects.requireNonNull(scaleSets, "scaleSets");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.notifications = new Notifications(Objects.requireNonNull(notifier, "notifier"));
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /**
     * The license for the FortiGate with that vmId.
     *
     * @throws UnknownInstanceException   when it is in no managed scale set
     * @throws StoreUnavailableException  when the asset store or the usage store cannot be reached
     */
    public Result acquire(VmId vmId, String cid) {
        Objects.requireNonNull(vmId, "vmId");
        Member member = scaleSets.find(vmId).orElseThrow(() -> new UnknownInstanceException(vmId));
        if (member.licensing() != Member.Licensing.BYOL) {
            return new NotByol(member); // the caller logs the refusal with its reason
        }
        synchronized (stripes[Math.floorMod(vmId.hashCode(), STRIPES)]) {
            return acquireLocked(member, cid);
        }
    }

    private Result acquireLocked(Member member, String cid) {
        VmId vmId = member.vmId();
        Map<String, LicenseStock.Entry> listing = refreshIndex(stock.list());
        List<Versioned<LicenseAssignment>> all = usage.readAll();

        List<LicenseAssignment> mine = all.stream().map(Versioned::value)
                .filter(a -> a.vmId().equals(vmId))
                // newest first: a holder whose file was removed got a replacement, which it keeps
                .sorted(Comparator.comparing(LicenseAssignment::assignedAt).reversed()
                        .thenComparing(LicenseAssignment::licenseSha256))
                .toList();
        for (LicenseAssignment held : mine) {
            Optional<LicenseStock.File> file = findInStock(held, listing);
            if (file.isPresent()) {
                LOG.log(Level.INFO, "cid={0} vmId {1} holds license {2} ({3}) already",
                        new Object[] {cid, vmId, held.fileName(), shortSha(held.licenseSha256())});
                return new Granted(held, text(file.get()), true);
            }
            LOG.log(Level.WARNING, "cid={0} the license file {1} ({2}) held by vmId {3} is no longer in stock;"
                    + " it gets another one", new Object[] {cid, held.fileName(), shortSha(held.licenseSha256()), vmId});
        }

        Set<String> held = new HashSet<>();
        mine.forEach(a -> held.add(a.licenseSha256()));
        held.addAll(heldByLiveMembers(all, memberIds(), vmId, cid, () -> { }));

        for (LicenseStock.Entry candidate : candidates(listing, held)) {
            Optional<LicenseStock.File> download = stock.download(candidate.name());
            if (download.isEmpty()) {
                index.remove(candidate.name());
                continue;
            }
            LicenseStock.File file = download.get();
            String sha = sha256(file.content());
            index.put(file.name(), new Hashed(file.version(), sha));
            if (held.contains(sha)) {
                continue;
            }
            if (text(file).isBlank()) {
                LOG.log(Level.WARNING, "cid={0} license file {1} is empty; skipped", new Object[] {cid, file.name()});
                continue;
            }
            try {
                Versioned<LicenseAssignment> claimed = usage.create(
                        new LicenseAssignment(sha, file.name(), vmId, member.scaleSet(), clock.instant()));
                LOG.log(Level.INFO, "cid={0} vmId {1} claimed license {2} ({3})",
                        new Object[] {cid, vmId, file.name(), shortSha(sha)});
                return new Granted(claimed.value(), text(file), false);
            } catch (StoreConflictException lost) {
                held.add(sha); // another FortiGate claimed it first
            }
        }

        Instant now = clock.instant();
        LOG.log(Level.SEVERE, "cid={0} no free BYOL license for vmId {1}: {2} files in stock, {3} licenses held",
                new Object[] {cid, vmId, listing.size(), held.size()});
        notifications.send(Notification.Type.LICENSE_OUT_OF_STOCK, vmId.value(), "no free BYOL license", now, cid,
                "scalingGroup", member.scaleSet(), "filesInStock", listing.size(), "held", held.size());
        return new NoneFree(listing.size(), held.size());
    }

    /** Releases every license the vmId holds (its VM was deleted: a scale-in event or the health monitor). */
    public int release(VmId vmId) {
        return release(vmId, "-");
    }

    /**
     * Releases every license the vmId holds (its VM was deleted).
     *
     * @return how many were released
     */
    public int release(VmId vmId, String cid) {
        Objects.requireNonNull(vmId, "vmId");
        int released = 0;
        for (Versioned<LicenseAssignment> a : usage.readAll()) {
            if (a.value().vmId().equals(vmId) && usage.delete(a.value().licenseSha256(), a.version())) {
                released++;
                LOG.log(Level.INFO, "cid={0} released license {1} ({2}) of vmId {3}",
                        new Object[] {cid, a.value().fileName(), shortSha(a.value().licenseSha256()), vmId});
            }
        }
        return released;
    }

    /**
     * Releases the licenses of vmIds that are in no managed scale set any more.
     *
     * @return how many were released
     */
    public int reclaim(String cid) {
        return reclaim(memberIds(), cid);
    }

    /**
     * Releases the licenses of vmIds that are in none of {@code members} (just read from the scale sets by the
     * caller) and that the scale sets do not know either.
     *
     * @return how many were released
     */
    public int reclaim(Set<VmId> members, String cid) {
        int[] released = {0};
        heldByLiveMembers(usage.readAll(), members, null, cid, () -> released[0]++);
        return released[0];
    }

    private Set<VmId> memberIds() {
        return scaleSets.members().stream().map(Member::vmId).collect(Collectors.toSet());
    }

    /** The licenses held by live members other than {@code self}; releases those of vmIds that are gone. */
    private Set<String> heldByLiveMembers(List<Versioned<LicenseAssignment>> all, Set<VmId> members, VmId self,
                                          String cid, Runnable onRelease) {
        Set<String> held = new HashSet<>();
        for (Versioned<LicenseAssignment> v : all) {
            LicenseAssignment a = v.value();
            if (a.vmId().equals(self)) {
                continue;
            }
            // members() may come from a cache; find() confirms before anything is released
            boolean live = members.contains(a.vmId()) || scaleSets.find(a.vmId()).isPresent();
            if (!live && usage.delete(a.licenseSha256(), v.version())) {
                onRelease.run();
                LOG.log(Level.INFO, "cid={0} reclaimed license {1} ({2}) of vmId {3}, which is in no managed scale set",
                        new Object[] {cid, a.fileName(), shortSha(a.licenseSha256()), a.vmId()});
            } else {
                held.add(a.licenseSha256()); // live, or changed since read: treat as held
            }
        }
        return held;
    }

    /** The held license's file, when a file of the listing has its content. */
    private Optional<LicenseStock.File> findInStock(LicenseAssignment held, Map<String, LicenseStock.Entry> listing) {
        List<String> names = new ArrayList<>();
        if (listing.containsKey(held.fileName())) {
            names.add(held.fileName());
        }
        // a renamed file is the same license: look for its hash among the files already hashed
        index.forEach((name, h) -> {
            LicenseStock.Entry e = listing.get(name);
            if (e != null && h.version().equals(e.version()) && h.sha256().equals(held.licenseSha256())
                    && !names.contains(name)) {
                names.add(name);
            }
        });
        for (String name : names) {
            Hashed known = index.get(name);
            if (known != null && known.version().equals(listing.get(name).version())
                    && !known.sha256().equals(held.licenseSha256())) {
                continue; // that name now holds other content
            }
            Optional<LicenseStock.File> file = stock.download(name);
            if (file.isPresent()) {
                String sha = sha256(file.get().content());
                index.put(name, new Hashed(file.get().version(), sha));
                if (sha.equals(held.licenseSha256())) {
                    return file;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Files to try, in random order so concurrent requests spread over the stock: first those hashed
     * already and known free, then those never hashed. Files known to be held are left out.
     */
    private List<LicenseStock.Entry> candidates(Map<String, LicenseStock.Entry> listing, Set<String> held) {
        List<LicenseStock.Entry> knownFree = new ArrayList<>();
        List<LicenseStock.Entry> unknown = new ArrayList<>();
        for (LicenseStock.Entry e : listing.values()) {
            Hashed h = index.get(e.name());
            if (h == null || !h.version().equals(e.version())) {
                unknown.add(e);
            } else if (!held.contains(h.sha256())) {
                knownFree.add(e);
            }
        }
        Collections.shuffle(knownFree, ThreadLocalRandom.current());
        Collections.shuffle(unknown, ThreadLocalRandom.current());
        knownFree.addAll(unknown);
        return knownFree;
    }

    /** The listing by name; forgets the hashes of files no longer listed. */
    private Map<String, LicenseStock.Entry> refreshIndex(List<LicenseStock.Entry> entries) {
        Map<String, LicenseStock.Entry> byName = new HashMap<>();
        entries.forEach(e -> byName.put(e.name(), e));
        index.keySet().retainAll(byName.keySet());
        return byName;
    }

    private static String text(LicenseStock.File file) {
        return new String(file.content(), StandardCharsets.UTF_8);
    }

    /** The lower-case hex SHA-256 of a license file's content: the license's identity. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String shortSha(String sha) {
        return "sha256:" + sha.substring(0, 12);
    }
}
