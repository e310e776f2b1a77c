package com.fortinet.autoscale.adapter.compute;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.HttpClientOptions;
import com.azure.resourcemanager.compute.ComputeManager;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.StoreUnavailableException;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The managed scale sets as Azure Resource Manager reports them (SPEC §1): the BYOL and PAYG Uniform
 * VM Scale Sets named by {@code byol-scaling-group-name} / {@code payg-scaling-group-name} in one resource
 * group.
 *
 * <p>A refresh lists, for each scale set, its VMs with their instance view (vmId, instance id, power state,
 * NIC references) and its network interfaces, following every {@code nextLink}: two paged reads per scale
 * set, whatever its size ({@link ScaleSetReads}). A member's private IP is that of the primary IP configuration of the VM's primary
 * NIC (a FortiGate has two or more NICs; the first listed is not necessarily the primary); its NICs are
 * kept too, the primary first, each with its private IPs and subnet.
 *
 * <p>Cost on the hot path: {@link #find} answers from a cache. The cache expires after its TTL (then one
 * caller refreshes while the others keep using the expired copy), and is refreshed at once when a vmId is
 * unknown (a fresh scale-out), at most once per {@code unknownRefreshInterval}, so a flood of unknown vmIds
 * costs at most one refresh per interval. {@link #members} always reads ARM: it is used for clean-up
 * decisions, which must not rest on an old copy, so it returns a listing that <em>started after</em> the caller
 * asked ("records first, members after", see {@code InstanceCleanup}).
 *
 * <p>Fresh listings are coalesced, whoever asks for them: at most one is in flight per process (every listing
 * runs under one lock), and one starts at most every {@code minListingInterval} (5 s from {@link #connect}),
 * counted from the start of the previous one, good or failed. A {@link #members} caller within the interval
 * waits until it has passed (through the {@link Sleeper}, without holding the lock); every caller that asked
 * before a listing started shares it, its members or its failure, so a burst of callers costs one listing.
 * {@link #find} waits only when it has no copy of the named sets (the first lookup, a renamed set) and the
 * last listing did not fail; otherwise, within the interval, it answers from the copy it has.
 *
 * <p>Power state: kept here, not in {@link Member}. A stopped or deallocated FortiGate stays a member: its
 * disk still carries its BYOL license, so releasing that license could hand it to a second FortiGate. It
 * falls silent, becomes out-of-sync through the heartbeat rules, and is never eligible as primary.
 */
public final class AzureScaleSets implements ScaleSets {
    private static final Logger LOG = Logger.getLogger(AzureScaleSets.class.getName());
    /** After a failed refresh, the last good copy is served this long before ARM is tried again. */
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);
    private static final Duration DELETE_TIMEOUT = Duration.ofMinutes(15);
    /** The least time between the starts of two listings in a process ({@link #connect}). */
    public static final Duration MIN_LISTING_INTERVAL = Duration.ofSeconds(5);

    private final ScaleSetReads arm;
    private final Supplier<Settings> settings;
    private final Clock clock;
    private final Duration ttl;
    private final Duration unknownRefreshInterval;
    private final Duration minListingInterval;
    private final Sleeper sleeper;
    /** Held for the whole of every listing: at most one in flight. Never held while waiting. */
    private final ReentrantLock refreshLock = new ReentrantLock();
    /** Numbers every request for a listing, so a caller can tell whether a listing started after it asked. */
    private final AtomicLong requests = new AtomicLong();
    private final ConcurrentHashMap<VmId, Instant> deleting = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot;
    /** The last listing that failed, shared with the callers that asked before it started; null after a good one. */
    private volatile Failure failure;
    private volatile Instant lastListingStart;
    private volatile Instant lastUnknownRefresh = Instant.MIN;
    private volatile Instant nextAttemptAfterFailure = Instant.MIN;

    /** One VM as ARM reports it. */
    record Instance(Member member, String powerState, String provisioningState) {}

    /** The names of the managed scale sets; either may be null. */
    record Names(String byol, String payg) {
        Map<String, Member.Licensing> sets() {
            Map<String, Member.Licensing> sets = new LinkedHashMap<>();
            if (byol != null) {
                sets.put(byol, Member.Licensing.BYOL);
            }
            if (payg != null && (byol == null || !payg.equalsIgnoreCase(byol))) {
                sets.put(payg, Member.Licensing.PAYG);
            }
            return sets;
        }
    }

    private record Snapshot(Names names, Map<VmId, Instance> instances, Instant loadedAt, long request) {}

    private record Failure(Names names, long request, StoreUnavailableException error) {}

    /**
     * @param compute                a ComputeManager for the subscription (its network manager lists the NICs)
     * @param resourceGroup          the resource group holding the scale sets
     * @param settings               the autoscale settings (scale set names), read on every lookup
     * @param clock                  decides when the cache expires
     * @param ttl                    how long a refresh is used before the next
     * @param unknownRefreshInterval at most one refresh per this interval is caused by unknown vmIds
     * @param minListingInterval     the least time between the starts of two listings, whoever asks for them
     * @param sleeper                how a {@link #members} caller waits out {@code minListingInterval}
     */
    public AzureScaleSets(ComputeManager compute, String resourceGroup, Supplier<Settings> settings, Clock clock,
                          Duration ttl, Duration unknownRefreshInterval, Duration minListingInterval,
                          Sleeper sleeper) {
        this.arm = new ScaleSetReads(Objects.requireNonNull(compute, "compute"),
                requireText(resourceGroup, "resourceGroup"));
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.unknownRefreshInterval = Objects.requireNonNull(unknownRefreshInterval, "unknownRefreshInterval");
        this.minListingInterval = Objects.requireNonNull(minListingInterval, "minListingInterval");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * The adapter for a real subscription: one ComputeManager per process, with bounded HTTP timeouts so a
     * slow ARM cannot hold a heartbeat for a minute; listings at least {@link #MIN_LISTING_INTERVAL} apart.
     */
    public static AzureScaleSets connect(TokenCredential credential, String subscriptionId, String resourceGroup,
                                         Supplier<Settings> settings, Clock clock, Duration ttl) {
        Objects.requireNonNull(credential, "credential");
        AzureProfile profile = new AzureProfile(null, requireText(subscriptionId, "subscriptionId"), AzureEnvironment.AZURE);
        HttpClient http = HttpClient.createDefault(new HttpClientOptions()
                .setConnectTimeout(Duration.ofSeconds(5))
                .setResponseTimeout(Duration.ofSeconds(20))
                .setReadTimeout(Duration.ofSeconds(20)));
        ComputeManager compute = ComputeManager.configure().withHttpClient(http).authenticate(credential, profile);
        Duration unknown = ttl.compareTo(Duration.ofSeconds(10)) < 0 ? ttl : Duration.ofSeconds(10);
        return new AzureScaleSets(compute, resourceGroup, settings, clock, ttl, unknown, MIN_LISTING_INTERVAL,
                Sleeper.REAL);
    }

    @Override
    public Optional<Member> find(VmId vmId) {
        Snapshot s = current();
        Instance i = s.instances().get(vmId);
        if (i == null) {
            // Unknown: perhaps a FortiGate of a scale-out that happened after the last refresh.
            s = refreshForUnknown(s);
            i = s.instances().get(vmId);
            if (i == null && !fresh(s, clock.instant())) {
                // Not listed in a copy ARM could not refresh: no answer yet, never "in no managed scale set".
                throw new StoreUnavailableException("vmId " + vmId + " is not in the scale sets read at "
                        + s.loadedAt() + ", and Azure Resource Manager cannot be read now", RETRY_AFTER_FAILURE, null);
            }
        }
        return Optional.ofNullable(i).map(Instance::member);
    }

    @Override
    public List<Member> members() {
        return listingAfter(requests.incrementAndGet(), false).instances().values().stream()
                .map(Instance::member).toList();
    }

    /**
     * A listing of the named scale sets that started after request {@code asked}: one already made (shared),
     * or one made now, at most one in flight and at least {@code minListingInterval} after the previous start.
     * A failed listing that started after the request is shared too (its failure is thrown).
     *
     * @param failFast whether a failed listing of these names within the interval is thrown again at once,
     *                 rather than waiting out the interval and trying again
     */
    private Snapshot listingAfter(long asked, boolean failFast) {
        while (true) {
            Duration left;
            refreshLock.lock();
            try {
                Names names = names();
                Snapshot s = snapshot;
                if (s != null && s.request() >= asked && s.names().equals(names)) {
                    return s;
                }
                Failure f = failure;
                boolean failedFor = f != null && f.names().equals(names);
                if (failedFor && (f.request() >= asked || failFast && !listingAllowed(clock.instant()))) {
                    throw new StoreUnavailableException(f.error().getMessage(), f.error().retryAfter(), f.error());
                }
                left = untilListingAllowed(clock.instant());
                if (left.isZero()) {
                    return load(names);
                }
            } finally {
                refreshLock.unlock();
            }
            try {
                sleeper.sleep(left); // without the lock: find() keeps answering, and others may list first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted while waiting to read the scale sets",
                        RETRY_AFTER_FAILURE, e);
            }
        }
    }

    /** How many listings were asked for so far (tests wait for callers to have asked). */
    long asked() {
        return requests.get();
    }

    /**
     * Deletes the instance from its scale set, without waiting: the outcome is logged. A second request for an
     * instance whose deletion is under way is ignored.
     */
    @Override
    public void terminate(Member member) {
        if (member.instanceId() == null) {
            LOG.warning(() -> "cannot terminate " + member.vmId() + ": no VMSS instance id known");
            return;
        }
        if (deleting.putIfAbsent(member.vmId(), clock.instant()) != null) {
            LOG.fine(() -> "terminate " + member.vmId() + ": deletion already requested");
            return;
        }
        LOG.info(() -> "terminating " + member.vmId() + " (" + member.scaleSet() + "/" + member.instanceId() + ")");
        arm.delete(member)
                .timeout(DELETE_TIMEOUT)
                .subscribe(
                        ignored -> { },
                        error -> {
                            deleting.remove(member.vmId());
                            LOG.log(Level.WARNING, "terminating {0} ({1}/{2}) failed: {3}", new Object[] {
                                    member.vmId(), member.scaleSet(), member.instanceId(), ScaleSetReads.describe(error)});
                        },
                        () -> LOG.info(() -> "terminated " + member.vmId() + " (" + member.scaleSet() + "/"
                                + member.instanceId() + ")"));
    }

    /** The power state ARM last reported for the vmId ({@code running}, {@code deallocated}, …), if known. */
    public Optional<String> powerState(VmId vmId) {
        Snapshot s = snapshot;
        return s == null ? Optional.empty() : Optional.ofNullable(s.instances().get(vmId)).map(Instance::powerState);
    }

    /**
     * The snapshot to answer from: listed when there is none or the names changed (waiting out the interval,
     * unless the last listing of these names failed within it); refreshed when it expired and a listing is
     * allowed.
     */
    private Snapshot current() {
        Snapshot s = snapshot;
        Names names = names();
        if (s == null || !s.names().equals(names)) {
            return listingAfter(requests.incrementAndGet(), true);
        }
        Instant now = clock.instant();
        if (!expired(s, now) || now.isBefore(nextAttemptAfterFailure) || !listingAllowed(now)) {
            return s;
        }
        // Expired: one caller refreshes, the others keep answering from the expired copy meanwhile.
        if (!refreshLock.tryLock()) {
            return s;
        }
        try {
            Snapshot again = snapshot;
            if (again != s || !listingAllowed(clock.instant())) {
                return again.names().equals(names) ? again : s;
            }
            try {
                return load(names);
            } catch (StoreUnavailableException e) {
                nextAttemptAfterFailure = now.plus(RETRY_AFTER_FAILURE);
                LOG.log(Level.WARNING, "scale sets refresh failed, answering from the copy of {0}: {1}",
                        new Object[] {s.loadedAt(), e.getMessage()});
                return s;
            }
        } finally {
            refreshLock.unlock();
        }
    }

    private Snapshot refreshForUnknown(Snapshot seen) {
        Instant now = clock.instant();
        // Always through the lock: a caller that arrives while a refresh is in flight shares its result
        // instead of answering from the older copy.
        refreshLock.lock();
        try {
            Snapshot s = snapshot;
            if (s != seen && s != null) {
                return s; // refreshed while this caller waited
            }
            if (tooSoon(seen, now)) {
                return seen;
            }
            lastUnknownRefresh = now;
            try {
                return load(seen.names());
            } catch (StoreUnavailableException e) {
                LOG.log(Level.WARNING, "scale sets refresh for an unknown vmId failed: {0}", e.getMessage());
                return seen;
            }
        } finally {
            refreshLock.unlock();
        }
    }

    /**
     * A refresh for an unknown vmId waits the interval after the last such refresh, or after any load, and
     * the listing interval after the last listing started.
     */
    private boolean tooSoon(Snapshot seen, Instant now) {
        return now.isBefore(lastUnknownRefresh.plus(unknownRefreshInterval))
                || now.isBefore(seen.loadedAt().plus(unknownRefreshInterval))
                || !listingAllowed(now);
    }

    /**
     * Read recently enough that a vmId it does not list is not a member: within the unknown-refresh interval,
     * or the listing interval (no refresh could have been made since).
     */
    private boolean fresh(Snapshot s, Instant now) {
        Duration window = unknownRefreshInterval.compareTo(minListingInterval) >= 0
                ? unknownRefreshInterval : minListingInterval;
        return now.isBefore(s.loadedAt().plus(window).plusMillis(1));
    }

    private boolean listingAllowed(Instant now) {
        return untilListingAllowed(now).isZero();
    }

    /** How long until the next listing may start: zero when it may start now. */
    private Duration untilListingAllowed(Instant now) {
        Instant last = lastListingStart;
        if (last == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, last.plus(minListingInterval));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private boolean expired(Snapshot s, Instant now) {
        return !now.isBefore(s.loadedAt().plus(ttl));
    }

    private Names names() {
        Settings s = settings.get();
        return new Names(s.byolScalingGroup().orElse(null), s.paygScalingGroup().orElse(null));
    }

    /** Reads every managed scale set from ARM: a listing; called with the refresh lock held. */
    private Snapshot load(Names names) {
        long request = requests.get();
        lastListingStart = clock.instant();
        Map<VmId, Instance> all = new LinkedHashMap<>();
        Map<String, Member.Licensing> sets = names.sets();
        if (sets.isEmpty()) {
            LOG.warning("no scale set is named (byol-scaling-group-name, payg-scaling-group-name): no members");
        }
        try {
            for (Map.Entry<String, Member.Licensing> set : sets.entrySet()) {
                arm.readScaleSet(set.getKey(), set.getValue(), all);
            }
        } catch (RuntimeException e) {
            StoreUnavailableException failed = new StoreUnavailableException("cannot read the scale sets from Azure "
                    + "Resource Manager: " + ScaleSetReads.describe(e), RETRY_AFTER_FAILURE, e);
            failure = new Failure(names, request, failed);
            throw failed;
        }
        Snapshot fresh = new Snapshot(names, Map.copyOf(all), clock.instant(), request);
        snapshot = fresh;
        failure = null;
        deleting.keySet().retainAll(all.keySet());
        if (LOG.isLoggable(Level.FINE)) {
            Map<String, Integer> states = new TreeMap<>();
            all.values().forEach(i -> states.merge(i.powerState(), 1, Integer::sum));
            LOG.fine("scale sets refreshed: members=" + all.size() + " powerStates=" + states);
        }
        return fresh;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value.trim();
    }
}
