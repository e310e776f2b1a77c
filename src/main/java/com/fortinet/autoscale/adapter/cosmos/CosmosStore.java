package com.fortinet.autoscale.adapter.cosmos;

import com.fortinet.autoscale.adapter.identity.ManagedIdentities;
import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosClientBuilder;
import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.CosmosDatabase;
import com.azure.cosmos.CosmosEndToEndOperationLatencyPolicyConfigBuilder;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.GatewayConnectionConfig;
import com.azure.cosmos.ThrottlingRetryOptions;
import com.azure.cosmos.models.CosmosContainerProperties;
import com.azure.cosmos.models.ExcludedPath;
import com.azure.cosmos.models.IndexingMode;
import com.azure.cosmos.models.IndexingPolicy;
import com.azure.cosmos.models.PartitionKey;
import com.fortinet.autoscale.domain.StoreUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The product's Cosmos DB database: the account's client (one per account and credential per process, built
 * lazily) and the containers, created with their partition key, TTL and indexing policy when missing.
 *
 * <p>Every container is partitioned by {@code /clusterId}, and all items of one cluster share one logical
 * partition: a cluster has tens of FortiGates, far below a logical partition's limits, and the election
 * and the settings load each read their container with one partition-scoped read feed instead of a query.
 *
 * <p>Latency is bounded so that a dead or hung account turns into a {@link StoreUnavailableException}
 * within seconds: every item operation has an end-to-end timeout, throttling retries are capped, and the
 * first connection and container checks are waited for at most {@link Config#initTimeout()} (they carry on
 * in the background, so the next request finds them done).
 */
public final class CosmosStore {
    /** Health records, one per FortiGate; id = vmId. Items expire {@link #HEALTH_RECORD_TTL} after their last write. */
    public static final String HEALTH_RECORDS = "HealthRecords";
    /** The election record; id = {@code primary}. */
    public static final String ELECTION = "Election";
    /** Autoscale settings, one per kebab-case key; id = key. */
    public static final String SETTINGS = "Settings";
    /** BYOL license assignments; id = the license's SHA-256. */
    public static final String LICENSE_USAGE = "LicenseUsage";
    /** The event history: one item per notification, expiring {@link #EVENTS_TTL} after it was written. */
    public static final String EVENTS = "Events";
    /** How long the event history keeps an event. */
    public static final Duration EVENTS_TTL = Duration.ofDays(30);
    /** The partition key path of every container. */
    public static final String PARTITION_KEY_PATH = "/clusterId";
    /** The partition key value of a deployment's cluster (one deployment manages one cluster). */
    public static final String DEFAULT_CLUSTER_ID = "cluster";
    /** A health record not written for this long belongs to a FortiGate that is gone. */
    public static final Duration HEALTH_RECORD_TTL = Duration.ofDays(7);

    private static final Logger LOG = Logger.getLogger(CosmosStore.class.getName());
    private static final Map<Account, Lazy<CosmosClient>> CLIENTS = new ConcurrentHashMap<>();
    private static final ExecutorService INIT = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cosmos-init");
        t.setDaemon(true);
        return t;
    });

    private final Config config;
    private volatile PartitionKey partition;
    private final Lazy<CosmosClient> client;
    private final Map<String, Lazy<CosmosContainer>> containers = new ConcurrentHashMap<>();

    /**
     * Where the state lives and how long to wait for it.
     *
     * @param endpoint                account endpoint, {@code https://<account>.documents.azure.com:443/}
     * @param key                     account key, for local and test use only; null selects managed identity
     * @param managedIdentityClientId client id of the user-assigned managed identity; null for system-assigned
     * @param database                database name
     * @param clusterId               partition key value of this deployment's items
     * @param operationTimeout        end-to-end limit of one item operation, retries included
     * @param initTimeout             how long a request waits for the first connection or a container check
     */
    public record Config(String endpoint, String key, String managedIdentityClientId, String database,
                         String clusterId, Duration operationTimeout, Duration initTimeout) {
        public Config {
            Objects.requireNonNull(endpoint, "endpoint");
            URI uri = URI.create(endpoint);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("endpoint must be an https URL, got " + endpoint);
            }
            key = blankToNull(key);
            managedIdentityClientId = blankToNull(managedIdentityClientId);
            if (database == null || database.isBlank()) {
                throw new IllegalArgumentException("database must not be blank");
            }
            if (clusterId == null || clusterId.isBlank()) {
                throw new IllegalArgumentException("clusterId must not be blank");
            }
            Objects.requireNonNull(operationTimeout, "operationTimeout");
            Objects.requireNonNull(initTimeout, "initTimeout");
        }

        /** The product's defaults: cluster {@value #DEFAULT_CLUSTER_ID}, 3 s per operation, 5 s for the first connection. */
        public static Config of(String endpoint, String key, String managedIdentityClientId, String database) {
            return new Config(endpoint, key, managedIdentityClientId, database, DEFAULT_CLUSTER_ID,
                    Duration.ofSeconds(3), Duration.ofSeconds(5));
        }

        public Config withDatabase(String name) {
            return new Config(endpoint, key, managedIdentityClientId, name, clusterId, operationTimeout, initTimeout);
        }

        public Config withClusterId(String id) {
            return new Config(endpoint, key, managedIdentityClientId, database, id, operationTimeout, initTimeout);
        }

        public Config withTimeouts(Duration operation, Duration init) {
            return new Config(endpoint, key, managedIdentityClientId, database, clusterId, operation, init);
        }

        /** Never shows the key. */
        @Override
        public String toString() {
            return "Config[endpoint=" + endpoint + ", auth=" + (key != null ? "key" : "managed identity")
                    + ", database=" + database + ", clusterId=" + clusterId + "]";
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }
    }

    /** What one client is built from: the account, the credential and the latency bounds. */
    private record Account(String endpoint, String key, String clientId, Duration operationTimeout) {
        /** Never shows the key. */
        @Override
        public String toString() {
            return "Account[" + endpoint + "]";
        }
    }

    private CosmosStore(Config config) {
        this.config = config;
        Account account = new Account(config.endpoint(), config.key(), config.managedIdentityClientId(),
                config.operationTimeout());
        this.client = CLIENTS.computeIfAbsent(account, a -> new Lazy<>(() -> build(a)));
    }

    /**
     * A store for that database and cluster. Nothing is contacted until {@link #connect} or the first
     * operation; stores of the same account and credential share one client.
     */
    public static CosmosStore of(Config config) {
        return new CosmosStore(Objects.requireNonNull(config, "config"));
    }

    public Config config() {
        return config;
    }

    /** The partition key of this cluster's items (made on first use: its class loads the SDK's JSON stack). */
    PartitionKey partition() {
        PartitionKey p = partition;
        if (p == null) {
            p = new PartitionKey(config.clusterId());
            partition = p;
        }
        return p;
    }

    /**
     * Starts building the client in the background now, without waiting (issue 16): the composition calls it as
     * soon as the store is made, so the SDK's class loading, TLS and account read overlap the rest of the app's
     * start, and checks the containers (each in the background too, once the client is there). Operations that
     * need the client or a container wait for this same build and check, never a second one.
     */
    public CosmosStore connect() {
        client.start();
        // Each container's check waits for that client; started together they take one round trip of time.
        for (String name : List.of(SETTINGS, ELECTION, HEALTH_RECORDS, LICENSE_USAGE, EVENTS)) {
            containers.computeIfAbsent(name, n -> new Lazy<>(() -> ensure(n))).start();
        }
        return this;
    }

    String clusterId() {
        return config.clusterId();
    }

    /**
     * The container, created (with the database) when missing.
     *
     * @throws StoreUnavailableException when the account does not answer within the init timeout
     */
    CosmosContainer container(String name) {
        Lazy<CosmosContainer> c = containers.computeIfAbsent(name, n -> new Lazy<>(() -> ensure(n)));
        return c.get(config.initTimeout(), "Cosmos DB container " + name);
    }

    /** Forgets a container that turned out to be gone, so the next operation creates it again. */
    void containerGone(String name) {
        containers.remove(name);
    }

    private CosmosContainer ensure(String name) {
        CosmosClient c = client.get(config.initTimeout(), "Cosmos DB account " + config.endpoint());
        for (int attempt = 1; ; attempt++) {
            try {
                c.createDatabaseIfNotExists(config.database());
                CosmosDatabase db = c.getDatabase(config.database());
                db.createContainerIfNotExists(containerProperties(name));
                return db.getContainer(name);
            } catch (CosmosException e) {
                if (e.getStatusCode() == 409 && attempt < 3) {
                    // Another process created the database or the container between the SDK's read and its create
                    // (each can race once): the next check finds it.
                    continue;
                }
                throw CosmosFailures.map(e, "check container " + config.database() + "/" + name
                        + " (a managed identity cannot create it: deploy it with the ARM template)");
            }
        }
    }

    /**
     * What a missing container is created with: the partition key, the TTL of health records and events, and an indexing
     * policy that keeps no index (the ARM template declares the same; {@code ArmCosmosIndexingTest} compares them).
     */
    public static CosmosContainerProperties containerProperties(String name) {
        CosmosContainerProperties props = new CosmosContainerProperties(name, PARTITION_KEY_PATH);
        if (HEALTH_RECORDS.equals(name)) {
            props.setDefaultTimeToLiveInSeconds((int) HEALTH_RECORD_TTL.toSeconds());
        } else if (EVENTS.equals(name)) {
            props.setDefaultTimeToLiveInSeconds((int) EVENTS_TTL.toSeconds());
        }
        props.setIndexingPolicy(indexingPolicy(name));
        return props;
    }

    /**
     * No index on any container: the product reads items by id (point reads) and by partition (read feed), which
     * use no index, and never queries. Every indexed value would cost request units on every write.
     *
     * <p>Indexing mode {@code none} (with {@code automatic} false) where Cosmos DB allows it; a container with a
     * TTL (health records, events) must keep indexing on, so it stays {@code consistent} and excludes every path
     * ({@code /*}), which leaves only the system's own id and timestamp entries.
     */
    public static IndexingPolicy indexingPolicy(String name) {
        IndexingPolicy policy = new IndexingPolicy();
        if (HEALTH_RECORDS.equals(name) || EVENTS.equals(name)) {
            policy.setIndexingMode(IndexingMode.CONSISTENT);
            policy.setAutomatic(true);
            policy.setIncludedPaths(List.of());
            policy.setExcludedPaths(List.of(new ExcludedPath("/*")));
        } else {
            policy.setIndexingMode(IndexingMode.NONE);
            policy.setAutomatic(false);
        }
        return policy;
    }

    private static CosmosClient build(Account a) {
        CosmosClientBuilder b = new CosmosClientBuilder()
                .endpoint(a.endpoint())
                // Gateway mode: few connections per host (what the Functions consumption plan allows), and
                // what the local test server speaks.
                .gatewayMode(new GatewayConnectionConfig()
                        .setMaxConnectionPoolSize(100)
                        .setIdleConnectionTimeout(Duration.ofSeconds(60)))
                // Only headers come back from writes: the adapters know what they wrote.
                .contentResponseOnWriteEnabled(false)
                .throttlingRetryOptions(new ThrottlingRetryOptions()
                        .setMaxRetryAttemptsOnThrottledRequests(3)
                        .setMaxRetryWaitTime(a.operationTimeout()))
                .endToEndOperationLatencyPolicyConfig(
                        new CosmosEndToEndOperationLatencyPolicyConfigBuilder(a.operationTimeout()).build())
                .userAgentSuffix("fortigate-autoscale");
        if (a.key() != null) {
            LOG.info("Cosmos DB " + a.endpoint() + ": key authentication (local and test use)");
            b.key(a.key());
        } else {
            b.credential(ManagedIdentities.credential(a.clientId()));
        }
        try {
            return b.buildClient();
        } catch (CosmosException e) {
            throw CosmosFailures.map(e, "connect to Cosmos DB " + a.endpoint());
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot connect to Cosmos DB " + a.endpoint() + ": "
                    + e.getClass().getSimpleName(), null, e);
        }
    }

    /**
     * A value built once in the background; a caller waits for it at most a given time. A failed build is
     * forgotten, so the next caller starts a new one.
     */
    private static final class Lazy<T> {
        private final Supplier<T> factory;
        private CompletableFuture<T> building;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        T get(Duration wait, String what) {
            CompletableFuture<T> f = start();
            try {
                return f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new StoreUnavailableException(what + " did not answer within " + wait.toMillis() + " ms",
                        null, null);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                throw new StoreUnavailableException(what + " failed", null, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted while waiting for " + what, null, e);
            }
        }

        private synchronized CompletableFuture<T> start() {
            if (building == null || building.isCompletedExceptionally()) {
                CompletableFuture<T> f = CompletableFuture.supplyAsync(factory, INIT);
                building = f;
            }
            return building;
        }
    }
}
