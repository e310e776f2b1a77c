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
import java.time.Clock;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 * <p>License requests come once per FortiGate boot. The SHA-256 of every downloaded file is kept by
 * {@link HashedStock}, so a request downloads only the file it hands out (plus, under contention, the ones it
 * tried first) and never the whole stock.
 *
 * <p>One license per FortiGate across function instances: requests of one vmId are serialized in this
 * process, and across processes the FortiGate's claim decides ({@link LicenseClaim}, created if absent, one
 * per vmId, written after the usage record of the license it names). Two instances serving one FortiGate at
 * once may each take a license; one claim wins, the loser releases the license it took (delete-if-ETag) and
 * answers the winner's. A request that stopped between its two writes leaves a usage record under the vmId
 * with no claim: the FortiGate's next request adopts it; if another claim won meanwhile, it stays recorded
 * under the vmId (never given to anyone else) until the VM is released. No timestamps are compared.
 * Cost of a request: one listing, one read of the usage records, one point read of the claim (plus one
 * point read of the license it names, or a create of each when it is new).
 */
public final class LicenseService {
    private static final Logger LOG = Logger.getLogger(LicenseService.class.getName());
    private static final int STRIPES = 256;
    /** Reads of the claim per request: each one after the first follows a claim written by another instance. */
    private static final int CLAIM_ATTEMPTS = 5;

    private final HashedStock files;
    private final LicenseUsage usage;
    private final ScaleSets scaleSets;
    private final Clock clock;
    private final Notifications notifications;
    private final Object[] stripes = new Object[STRIPES];

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

    /** Internal: a claim lost to another instance; the claim is read again. Never returned. */
    private static final Result CONTENDED = new NoneFree(-1, -1);

    public LicenseService(LicenseStock stock, LicenseUsage usage, ScaleSets scaleSets, Clock clock,
                          Notifier notifier) {
        this.files = new HashedStock(stock);
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

    /**
     * The claim rule, safe across function instances: the FortiGate's claim (one per vmId, created if
     * absent) names its license. With a claim, the answer is the license it names, if its usage record is
     * still the FortiGate's and its file still in stock; otherwise the claim moves (replace-if-ETag) to a
     * license newly taken. Without one, the FortiGate's own usage records (newest first, file in stock) are
     * adopted, else a free license is taken (usage record created) and then claimed. A claim lost to another
     * instance releases the license this request took, and the next attempt answers the winner's.
     */
    private Result acquireLocked(Member member, String cid) {
        VmId vmId = member.vmId();
        HashedStock.Listing listing = files.list();
        List<Versioned<LicenseAssignment>> all = usage.readAll();
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            Optional<Versioned<LicenseClaim>> claim = usage.readClaim(vmId);
            Result result;
            if (claim.isPresent()) {
                Optional<Granted> held = byClaim(claim.get(), listing, cid);
                result = held.isPresent() ? held.get() : claimNew(member, listing, all, claim.get(), cid);
            } else {
                result = adopt(member, all, listing, cid);
                if (result == null) {
                    result = claimNew(member, listing, all, null, cid);
                }
            }
            if (result != CONTENDED) {
                return result;
            }
            all = usage.readAll();
        }
        throw new StoreUnavailableException("the license claim of vmId " + vmId + " kept changing; ask again",
                null, null);
    }

    /** The license the claim names, if the FortiGate still holds it and its file is in stock. */
    private Optional<Granted> byClaim(Versioned<LicenseClaim> claim, HashedStock.Listing listing, String cid) {
        VmId vmId = claim.value().vmId();
        Optional<Versioned<LicenseAssignment>> held = usage.read(claim.value().licenseSha256());
        if (held.isEmpty() || !held.get().value().vmId().equals(vmId)) {
            LOG.log(Level.WARNING, "cid={0} the claim of vmId {1} names license {2}, which it does not hold;"
                    + " it gets another one", new Object[] {cid, vmId, shortSha(claim.value().licenseSha256())});
            return Optional.empty();
        }
        return stillInStock(List.of(held.get().value()), listing, cid);
    }

    /**
     * No claim: the FortiGate's own usage records (left by a request that stopped between its two writes, or
     * written before claims existed), newest first, file in stock. Null when there is none to adopt.
     */
    private Result adopt(Member member, List<Versioned<LicenseAssignment>> all, HashedStock.Listing listing,
                         String cid) {
        for (LicenseAssignment held : heldBy(member.vmId(), all)) {
            Optional<HashedStock.HashedFile> file = files.fileOf(held, listing);
            if (file.isEmpty()) {
                continue;
            }
            try {
                usage.createClaim(new LicenseClaim(member.vmId(), held.licenseSha256()));
            } catch (StoreConflictException lost) {
                return CONTENDED;
            }
            LOG.log(Level.INFO, "cid={0} vmId {1} holds license {2} ({3}) already",
                    new Object[] {cid, held.vmId(), held.fileName(), shortSha(held.licenseSha256())});
            return new Granted(held, file.get().text(), true);
        }
        return null;
    }

    /**
     * Takes a free license and claims it: creates the claim, or moves {@code claim} (which names a license no
     * longer in stock, or no longer the FortiGate's) to it. A license whose file was removed stays recorded
     * under the vmId (the FortiGate may still run it) until the VM is released.
     */
    private Result claimNew(Member member, HashedStock.Listing listing, List<Versioned<LicenseAssignment>> all,
                            Versioned<LicenseClaim> claim, String cid) {
        VmId vmId = member.vmId();
        Set<String> held = new HashSet<>();
        heldBy(vmId, all).forEach(a -> held.add(a.licenseSha256()));
        // The cached membership, each holder confirmed with find(): a license request reads ARM only for a
        // holder the cache does not list (and answers 503 when ARM cannot say).
        held.addAll(heldByLiveMembers(all, Set.of(), vmId, cid, () -> { }));
        Optional<Taken> taken = takeFree(member, listing, held, cid);
        if (taken.isEmpty()) {
            return outOfStock(member, listing.size(), held.size(), cid);
        }
        Versioned<LicenseAssignment> mine = taken.get().usage();
        LicenseClaim named = new LicenseClaim(vmId, mine.value().licenseSha256());
        try {
            if (claim == null) {
                usage.createClaim(named);
            } else {
                usage.replaceClaim(named, claim.version());
            }
        } catch (StoreConflictException lost) {
            if (!adoptedByWinner(mine, cid)) {
                return CONTENDED;
            }
        }
        LicenseAssignment a = mine.value();
        LOG.log(Level.INFO, "cid={0} vmId {1} claimed license {2} ({3})",
                new Object[] {cid, vmId, a.fileName(), shortSha(a.licenseSha256())});
        notifications.send(Notification.Type.LICENSE_CLAIMED, vmId.value(), "BYOL license claimed",
                a.assignedAt(), cid, "license", a.fileName(), "sha256", shortSha(a.licenseSha256()),
                "scalingGroup", member.scaleSet());
        return new Granted(a, taken.get().content(), false);
    }

    /**
     * Another instance claimed for this FortiGate first: true when its claim adopted the license this
     * request took (then it is the FortiGate's, newly claimed); otherwise that license is released. Claims are
     * never deleted while the FortiGate lives and move only to licenses their writer took, so once another
     * claim is read, the license this request took is never named.
     */
    private boolean adoptedByWinner(Versioned<LicenseAssignment> mine, String cid) {
        LicenseAssignment a = mine.value();
        Optional<Versioned<LicenseClaim>> winner = usage.readClaim(a.vmId());
        if (winner.isPresent() && winner.get().value().licenseSha256().equals(a.licenseSha256())) {
            return true;
        }
        if (usage.delete(a.licenseSha256(), mine.version())) {
            LOG.log(Level.INFO, "cid={0} another instance claimed a license for vmId {1} first: license {2} ({3})"
                    + " taken by this request is released", new Object[] {cid, a.vmId(), a.fileName(),
                    shortSha(a.licenseSha256())});
        }
        return false;
    }

    /** The vmId's licenses, newest first: a holder whose file was removed got a replacement, which it keeps. */
    private static List<LicenseAssignment> heldBy(VmId vmId, List<Versioned<LicenseAssignment>> all) {
        return all.stream().map(Versioned::value)
                .filter(a -> a.vmId().equals(vmId))
                .sorted(Comparator.comparing(LicenseAssignment::assignedAt).reversed()
                        .thenComparing(LicenseAssignment::licenseSha256))
                .toList();
    }

    /** The first of the FortiGate's own licenses whose file is still in stock. */
    private Optional<Granted> stillInStock(List<LicenseAssignment> mine, HashedStock.Listing listing, String cid) {
        for (LicenseAssignment held : mine) {
            Optional<HashedStock.HashedFile> file = files.fileOf(held, listing);
            if (file.isPresent()) {
                LOG.log(Level.INFO, "cid={0} vmId {1} holds license {2} ({3}) already",
                        new Object[] {cid, held.vmId(), held.fileName(), shortSha(held.licenseSha256())});
                return Optional.of(new Granted(held, file.get().text(), true));
            }
            LOG.log(Level.WARNING, "cid={0} the license file {1} ({2}) held by vmId {3} is no longer in stock;"
                    + " it gets another one", new Object[] {cid, held.fileName(), shortSha(held.licenseSha256()),
                    held.vmId()});
        }
        return Optional.empty();
    }

    /** A license this request took: its usage record and its file's text. */
    private record Taken(Versioned<LicenseAssignment> usage, String content) {}

    /**
     * Takes a license nobody holds by creating its usage record: the store lets one create win, so a
     * license lost to another FortiGate is counted as held and the next file is tried.
     */
    private Optional<Taken> takeFree(Member member, HashedStock.Listing listing, Set<String> held, String cid) {
        for (String name : files.candidates(listing, held)) {
            Optional<HashedStock.HashedFile> download = files.download(name);
            if (download.isEmpty() || held.contains(download.get().sha256())) {
                continue;
            }
            HashedStock.HashedFile file = download.get();
            if (file.text().isBlank()) {
                LOG.log(Level.WARNING, "cid={0} license file {1} is empty; skipped", new Object[] {cid, file.name()});
                continue;
            }
            try {
                return Optional.of(new Taken(usage.create(new LicenseAssignment(file.sha256(), file.name(),
                        member.vmId(), member.scaleSet(), clock.instant())), file.text()));
            } catch (StoreConflictException lost) {
                held.add(file.sha256()); // another FortiGate claimed it first
            }
        }
        return Optional.empty();
    }

    private NoneFree outOfStock(Member member, int inStock, int held, String cid) {
        LOG.log(Level.SEVERE, "cid={0} no free BYOL license for vmId {1}: {2} files in stock ({3}), {4} licenses held",
                new Object[] {cid, member.vmId(), inStock, files.location(), held});
        notifications.send(Notification.Type.LICENSE_OUT_OF_STOCK, member.vmId().value(), "no free BYOL license",
                clock.instant(), cid, "scalingGroup", member.scaleSet(), "filesInStock", inStock, "held", held,
                "stock", files.location());
        return new NoneFree(inStock, held);
    }

    /**
     * Releases every license the vmId holds and its claim (its VM was deleted: a scale-in event or the health
     * monitor).
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
                released(a.value(), "its VM was deleted", cid);
            }
        }
        usage.readClaim(vmId).ifPresent(c -> usage.deleteClaim(vmId, c.version()));
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
     * Releases the licenses and removes the claims of vmIds that are in none of {@code members} (just read from
     * the scale sets by the caller) and that the scale sets do not know either.
     *
     * @return how many were released
     */
    public int reclaim(Set<VmId> members, String cid) {
        int[] released = {0};
        heldByLiveMembers(usage.readAll(), members, null, cid, () -> released[0]++);
        for (Versioned<LicenseClaim> c : usage.readAllClaims()) {
            VmId vm = c.value().vmId();
            if (!members.contains(vm) && scaleSets.find(vm).isEmpty() && usage.deleteClaim(vm, c.version())) {
                LOG.log(Level.INFO, "cid={0} removed the license claim of vmId {1}, which is in no managed scale set",
                        new Object[] {cid, vm});
            }
        }
        return released[0];
    }

    /** The scale sets that held licenses name ("" for one that names none): one read of the usage records. */
    public Set<String> scaleSetsHoldingLicenses() {
        return usage.readAll().stream().map(v -> Objects.requireNonNullElse(v.value().scalingGroup(), ""))
                .collect(Collectors.toSet());
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
                released(a, "its VM is in no managed scale set", cid);
            } else {
                held.add(a.licenseSha256()); // live, or changed since read: treat as held
            }
        }
        return held;
    }

    private void released(LicenseAssignment a, String reason, String cid) {
        notifications.send(Notification.Type.LICENSE_RELEASED, a.vmId().value(), "BYOL license released",
                clock.instant(), cid, "license", a.fileName(), "sha256", shortSha(a.licenseSha256()),
                "scalingGroup", a.scalingGroup(), "reason", reason);
    }

    private static String shortSha(String sha) {
        return "sha256:" + sha.substring(0, 12);
    }
}
