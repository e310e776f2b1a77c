package com.fortinet.autoscale.app;

import com.fortinet.autoscale.adapter.fortianalyzer.FazTls;
import com.fortinet.autoscale.adapter.fortianalyzer.JsonRpcFortiAnalyzer;
import com.azure.storage.blob.BlobServiceClient;
import com.fortinet.autoscale.adapter.blob.AssetStorage;
import com.fortinet.autoscale.adapter.blob.BlobConfigSets;
import com.fortinet.autoscale.adapter.blob.BlobLicenseStock;
import com.fortinet.autoscale.adapter.cosmos.CosmosElectionRecords;
import com.fortinet.autoscale.adapter.cosmos.CosmosHealthRecords;
import com.fortinet.autoscale.adapter.cosmos.CosmosLicenseUsage;
import com.fortinet.autoscale.adapter.cosmos.CosmosSettingsStore;
import com.fortinet.autoscale.adapter.cosmos.CosmosStore;
import com.fortinet.autoscale.adapter.local.DemoCluster;
import com.fortinet.autoscale.adapter.local.LocalAssetLicenseStock;
import com.fortinet.autoscale.adapter.local.LocalAssetConfigSets;
import com.fortinet.autoscale.adapter.local.LocalScaleSetsFile;
import com.fortinet.autoscale.adapter.log.LoggingNotifier;
import com.fortinet.autoscale.adapter.memory.BuiltInConfigSets;
import com.fortinet.autoscale.adapter.memory.InMemoryElectionRecords;
import com.fortinet.autoscale.adapter.memory.InMemoryHealthRecords;
import com.fortinet.autoscale.adapter.memory.InMemoryLicenseStock;
import com.fortinet.autoscale.adapter.memory.InMemoryLicenseUsage;
import com.fortinet.autoscale.adapter.memory.InMemorySettingsStore;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.domain.bootstrap.BootstrapService;
import com.fortinet.autoscale.domain.caller.CallerCheck;
import com.fortinet.autoscale.domain.status.ClusterStatusService;
import com.fortinet.autoscale.domain.bootstrap.ConfigAssembler;
import com.fortinet.autoscale.domain.election.ElectionService;
import com.fortinet.autoscale.domain.fortianalyzer.FazAuthorizationService;
import com.fortinet.autoscale.domain.fortianalyzer.FazAuthorizationTrigger;
import com.fortinet.autoscale.domain.heartbeat.HeartbeatService;
import com.fortinet.autoscale.domain.settings.InvalidSettingsException;
import com.fortinet.autoscale.domain.fortianalyzer.RequestSignatures;
import com.fortinet.autoscale.domain.licensing.LicenseService;
import com.fortinet.autoscale.domain.settings.SettingsProvider;
import com.fortinet.autoscale.domain.bootstrap.ConfigSets;
import com.fortinet.autoscale.domain.election.ElectionRecords;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzer;
import com.fortinet.autoscale.domain.health.HealthRecords;
import com.fortinet.autoscale.domain.licensing.LicenseStock;
import com.fortinet.autoscale.domain.licensing.LicenseUsage;
import com.fortinet.autoscale.domain.notification.EventHistory;
import com.fortinet.autoscale.domain.notification.HistoryNotifier;
import com.fortinet.autoscale.domain.notification.Notifier;
import com.fortinet.autoscale.adapter.memory.InMemoryEventHistory;
import com.fortinet.autoscale.adapter.cosmos.CosmosEventHistory;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.LogText;
import com.fortinet.autoscale.domain.settings.SettingsStore;
import com.fortinet.autoscale.adapter.compute.AzureScaleSets;
import com.fortinet.autoscale.adapter.eventgrid.EventGridNotifier;
import com.fortinet.autoscale.domain.lifecycle.HealthMonitor;
import com.fortinet.autoscale.domain.lifecycle.InstanceCleanup;
import com.fortinet.autoscale.domain.lifecycle.ScalingEventService;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The composition root: picks an adapter for every port from the app settings and wires the domain
 * services. One instance per process, built lazily on first use (the Java worker creates a function
 * object per invocation, so nothing expensive may live in a function object).
 */
public final class App {
    private static volatile App instance;

    private final AppSettings appSettings;
    private final Clock clock;
    private final HealthRecords healthRecords;
    private final ElectionRecords electionRecords;
    private final ScaleSets scaleSets;
    private final ConfigSets configSets;
    private final Notifier notifier;
    private final EventHistory eventHistory;
    private final SettingsProvider settings;
    private final ElectionService election;
    private final HeartbeatService heartbeats;
    private final BootstrapService bootstrap;
    private final ClusterStatusService clusterStatus;
    private final FazAuthorizationService fazAuthorization;
    private final FazAuthorizationTrigger fazTrigger;
    private volatile SignaturesFor fazRequestSignatures;

    /** The verifier built for one value of the HMAC secret, and when that value was read. */
    private record SignaturesFor(String secret, RequestSignatures signatures, java.time.Instant readAt) {}

    /** How long a secret read from the app settings is used before it is read again. */
    private static final java.time.Duration SECRET_TTL = java.time.Duration.ofSeconds(30);
    private final LicenseUsage licenseUsage;
    private final LicenseStock licenseStock;
    private final LicenseService licenses;
    // Platform: scale-in clean-up, health monitor, scaling events.
    private final InstanceCleanup cleanup;
    private final HealthMonitor healthMonitor;
    private final ScalingEventService scalingEvents;
    private final CallerCheck callers;

    private App(Builder b) {
        this.appSettings = b.appSettings;
        this.clock = b.clock;
        this.healthRecords = b.healthRecords;
        this.electionRecords = b.electionRecords;
        this.scaleSets = b.scaleSets;
        this.configSets = b.configSets;
        this.eventHistory = b.eventHistory;
        // Every notification also goes into the history operators read in cluster-status; the configured
        // notifier (the log line, Event Grid) comes first.
        this.notifier = new CompositeNotifier(List.of(b.notifier, new HistoryNotifier(eventHistory)));
        // Secrets come from the app settings (Key Vault references) on every load, never from a stored copy.
        this.settings = new SettingsProvider(new SecretsFromAppSettings(b.settingsStore, appSettings::reread), clock,
                b.settingsTtl);
        this.election = new ElectionService(healthRecords, electionRecords, scaleSets, notifier);
        // FortiAnalyzer: the client is built on first use; a first heartbeat schedules an authorization.
        FortiAnalyzer faz = b.fortiAnalyzer != null ? b.fortiAnalyzer : new FortiAnalyzerFromSettings(appSettings, clock);
        this.fazAuthorization = new FazAuthorizationService(() -> faz, scaleSets, healthRecords, settings);
        this.fazTrigger = new FazAuthorizationTrigger(fazAuthorization, b.fazRetryDelays);
        this.heartbeats = new HeartbeatService(healthRecords, electionRecords, scaleSets, election, settings, clock,
                notifier, fazTrigger);
        this.bootstrap = new BootstrapService(scaleSets, electionRecords, healthRecords, election, settings,
                new ConfigAssembler(configSets, new BuiltInConfigSets()), clock, notifier);
        this.clusterStatus = new ClusterStatusService(healthRecords, electionRecords, settings, clock, eventHistory,
                b.licenseUsage);
        this.licenseUsage = b.licenseUsage;
        this.licenseStock = b.licenseStock;
        this.licenses = new LicenseService(licenseStock, licenseUsage, scaleSets, clock, notifier);
        this.cleanup = new InstanceCleanup(healthRecords, licenses, heartbeats::forget);
        this.healthMonitor = new HealthMonitor(healthRecords, electionRecords, scaleSets, election, cleanup, settings, clock, notifier);
        this.scalingEvents = new ScalingEventService(healthRecords, electionRecords, scaleSets, election, cleanup,
                settings, clock, appSettings.get(AppSettings.RESOURCE_GROUP).orElse(null));
        this.callers = new CallerCheck(scaleSets, settings, notifier, clock);
    }

    /** The process's app, built from the environment on first use unless one was installed. */
    public static App get() {
        App a = instance;
        if (a == null) {
            synchronized (App.class) {
                a = instance;
                if (a == null) {
                    a = fromSettings(AppSettings.fromEnvironment());
                    instance = a;
                }
            }
        }
        return a;
    }

    /** Makes {@code app} the process's app (the local runner, tests). */
    public static void install(App app) {
        instance = app;
    }

    /** Picks the adapters the app settings ask for. */
    public static App fromSettings(AppSettings appSettings) {
        return fromSettings(appSettings, false);
    }

    /**
     * The local runner's app: as {@link #fromSettings(AppSettings)}, except that against real Azure scale sets
     * no FortiGate is deleted unless {@link AppSettings#LOCAL_ALLOW_AZURE_TERMINATE} is {@code true}: a developer's
     * runner must not delete production VMs because {@code terminate-unhealthy-vm} is on in a shared settings
     * store and the developer's own heartbeats are missing.
     */
    public static App forLocalRunner(AppSettings appSettings) {
        return fromSettings(appSettings, true);
    }

    private static App fromSettings(AppSettings appSettings, boolean localRunner) {
        LoggingPolicy.apply();
        Builder b = builder(appSettings);
        Optional<String> scaleSetsFile = appSettings.get(AppSettings.LOCAL_SCALE_SETS_FILE);
        if (appSettings.get(AppSettings.AZURE_SUBSCRIPTION_ID).isPresent()) {
            ScaleSets azure = azureScaleSets(appSettings, b);
            b.scaleSets(localRunner && !allowsAzureTermination(appSettings) ? new NoTermination(azure) : azure);
        } else if (scaleSetsFile.isPresent()) {
            b.scaleSets(new LocalScaleSetsFile(Path.of(scaleSetsFile.get())));
        } else {
            b.scaleSets(new StaticScaleSets(DemoCluster.members()));
        }
        Optional<BlobServiceClient> assetStorage = assetStorageClient(appSettings);
        if (assetStorage.isPresent()) {
            b.configSets(new BlobConfigSets(assetStorage.get(), b.settingsSupplier()));
            b.licenseStock(new BlobLicenseStock(assetStorage.get(), b.settingsSupplier()));
        } else {
            appSettings.get(AppSettings.LOCAL_ASSET_DIR).ifPresent(dir -> {
                b.configSets(new LocalAssetConfigSets(Path.of(dir), b.settingsSupplier()));
                b.licenseStock(new LocalAssetLicenseStock(Path.of(dir), b.settingsSupplier()));
            });
        }
        appSettings.get(AppSettings.COSMOS_ENDPOINT).ifPresent(endpoint -> useCosmos(b, appSettings, endpoint));
        appSettings.get(AppSettings.EVENT_GRID_TOPIC_ENDPOINT)
                .ifPresent(topic -> b.notifier(new CompositeNotifier(List.of(new LoggingNotifier(),
                        eventGridNotifier(appSettings, topic)))));
        return b.build();
    }

    /** Whether a local runner may delete real Azure VMs: only with the explicit flag. */
    public static boolean allowsAzureTermination(AppSettings appSettings) {
        return appSettings.get(AppSettings.LOCAL_ALLOW_AZURE_TERMINATE).map("true"::equalsIgnoreCase).orElse(false);
    }

    /** Real scale sets that a local runner reads but never deletes from (each refusal logged). */
    static final class NoTermination implements ScaleSets {
        private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(App.class.getName());
        private final ScaleSets delegate;

        NoTermination(ScaleSets delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<Member> find(VmId vmId) {
            return delegate.find(vmId);
        }

        @Override
        public List<Member> members() {
            return delegate.members();
        }

        @Override
        public void terminate(Member member) {
            LOG.warning("local runner: not deleting " + member.vmId() + " from Azure scale set "
                    + LogText.quoted(member.scaleSet()) + " (terminate-unhealthy-vm is on; set "
                    + AppSettings.LOCAL_ALLOW_AZURE_TERMINATE + "=true to allow a local runner to delete Azure VMs)");
        }
    }

    /** The asset storage clients of the process, by connection (in practice one): built once, shared. */
    private static final ConcurrentHashMap<String, BlobServiceClient> ASSET_STORAGE = new ConcurrentHashMap<>();

    /**
     * The asset storage account's client when one is configured: by connection string (local and test use),
     * else by endpoint with the managed identity ({@code AZURE_CLIENT_ID}, or the system-assigned one).
     */
    static Optional<BlobServiceClient> assetStorageClient(AppSettings appSettings) {
        Optional<String> connectionString = appSettings.get(AppSettings.ASSET_STORAGE_CONNECTION_STRING);
        if (connectionString.isPresent()) {
            return Optional.of(ASSET_STORAGE.computeIfAbsent("cs:" + connectionString.get(),
                    k -> AssetStorage.withConnectionString(connectionString.get())));
        }
        Optional<String> endpoint = appSettings.get(AppSettings.ASSET_STORAGE_ENDPOINT);
        if (endpoint.isPresent()) {
            String clientId = appSettings.get(AppSettings.AZURE_CLIENT_ID).orElse(null);
            return Optional.of(ASSET_STORAGE.computeIfAbsent("mi:" + endpoint.get() + "|" + clientId,
                    k -> AssetStorage.withManagedIdentity(endpoint.get(), clientId)));
        }
        return Optional.empty();
    }

    /**
     * State in Cosmos DB: health, election, settings (seeded from the app settings on first start) and license
     * usage. Nothing is contacted before the first request; the account's client is shared by the process.
     */
    private static void useCosmos(Builder b, AppSettings appSettings, String endpoint) {
        CosmosStore store = CosmosStore.of(CosmosStore.Config.of(endpoint,
                appSettings.get(AppSettings.COSMOS_KEY).orElse(null),
                appSettings.get(AppSettings.AZURE_CLIENT_ID).orElse(null),
                appSettings.require(AppSettings.COSMOS_DATABASE)));
        b.healthRecords(new CosmosHealthRecords(store))
                .electionRecords(new CosmosElectionRecords(store))
                .settingsStore(new CosmosSettingsStore(store, appSettings.autoscaleSeed()))
                .licenseUsage(new CosmosLicenseUsage(store))
                .eventHistory(new CosmosEventHistory(store));
    }

    /** The scale sets as Azure Resource Manager reports them, read with the process's credential. */
    private static ScaleSets azureScaleSets(AppSettings s, Builder b) {
        Duration ttl = s.seconds(AppSettings.SCALE_SETS_CACHE_SECONDS, 0, 60);
        return AzureScaleSets.connect(AzureCredentials.of(s), s.require(AppSettings.AZURE_SUBSCRIPTION_ID),
                s.require(AppSettings.RESOURCE_GROUP), b.settingsSupplier(), b.clock, ttl);
    }

    /** Notifications to an Event Grid topic: with its key when one is set, else with the managed identity. */
    private static EventGridNotifier eventGridNotifier(AppSettings s, String topic) {
        EventGridNotifier.Auth auth = s.get(AppSettings.EVENT_GRID_TOPIC_KEY)
                .map(EventGridNotifier.Auth::key)
                .orElseGet(() -> EventGridNotifier.Auth.token(AzureCredentials.of(s)));
        String source = "/fortigate-autoscale/" + s.get(AppSettings.RESOURCE_GROUP).orElse("local");
        int capacity = s.integer(AppSettings.EVENT_GRID_QUEUE_CAPACITY, 1, 1_000_000, 1000);
        Duration timeout = s.seconds(AppSettings.EVENT_GRID_TIMEOUT_SECONDS, 0.1, 5);
        return new EventGridNotifier(URI.create(topic), auth, source, capacity, timeout);
    }

    public static Builder builder(AppSettings appSettings) {
        return new Builder(appSettings);
    }

    public AppSettings appSettings() {
        return appSettings;
    }

    public Clock clock() {
        return clock;
    }

    public HealthRecords healthRecords() {
        return healthRecords;
    }

    public ElectionRecords electionRecords() {
        return electionRecords;
    }

    public ScaleSets scaleSets() {
        return scaleSets;
    }

    public ConfigSets configSets() {
        return configSets;
    }

    /** The notifier the services use: the configured one, then the event history. */
    public Notifier notifier() {
        return notifier;
    }

    /** The recent notifications (behaviour §8). */
    public EventHistory eventHistory() {
        return eventHistory;
    }

    public SettingsProvider settings() {
        return settings;
    }

    public ElectionService election() {
        return election;
    }

    public HeartbeatService heartbeats() {
        return heartbeats;
    }

    public BootstrapService bootstrap() {
        return bootstrap;
    }

    public ClusterStatusService clusterStatus() {
        return clusterStatus;
    }

    public FazAuthorizationService fazAuthorization() {
        return fazAuthorization;
    }

    public FazAuthorizationTrigger fazTrigger() {
        return fazTrigger;
    }

    /**
     * The verifier of {@code faz-auth-handler} request signatures, keyed by {@code FAZ_HANDLER_HMAC_SECRET}.
     *
     * @throws InvalidSettingsException when the secret is not set or too short (the handler then refuses all)
     */
    public RequestSignatures fazRequestSignatures() {
        SignaturesFor r = fazRequestSignatures;
        java.time.Instant now = clock.instant();
        if (r != null && now.isBefore(r.readAt().plus(SECRET_TTL))) {
            return r.signatures();
        }
        // Read again (briefly cached): a key rotated in Key Vault, or a reference resolved since, takes effect.
        String secret = appSettings.reread().secret(AppSettings.FAZ_HANDLER_HMAC_SECRET).orElseThrow(() ->
                new InvalidSettingsException(List.of(AppSettings.FAZ_HANDLER_HMAC_SECRET
                        + ": not set (faz-auth-handler accepts only signed requests)")));
        if (r != null && r.secret().equals(secret)) {
            fazRequestSignatures = new SignaturesFor(secret, r.signatures(), now); // the same key: keep its nonces
            return r.signatures();
        }
        try {
            RequestSignatures fresh = new RequestSignatures(secret, clock, RequestSignatures.DEFAULT_WINDOW);
            fazRequestSignatures = new SignaturesFor(secret, fresh, now);
            return fresh;
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(List.of(AppSettings.FAZ_HANDLER_HMAC_SECRET + ": " + e.getMessage()));
        }
    }

    public LicenseUsage licenseUsage() {
        return licenseUsage;
    }

    public LicenseStock licenseStock() {
        return licenseStock;
    }

    /** BYOL license assignment (SPEC §6). */
    public LicenseService licenses() {
        return licenses;
    }

    public InstanceCleanup cleanup() {
        return cleanup;
    }

    public HealthMonitor healthMonitor() {
        return healthMonitor;
    }

    public ScalingEventService scalingEvents() {
        return scalingEvents;
    }

    /** Whether a device-facing request comes from the FortiGate it names ({@code verify-caller-ip}). */
    public CallerCheck callers() {
        return callers;
    }

    /** Builds an app; every port defaults to its in-memory adapter. */
    public static final class Builder {
        private final AppSettings appSettings;
        private Clock clock = Clock.systemUTC();
        private HealthRecords healthRecords = new InMemoryHealthRecords();
        private ElectionRecords electionRecords = new InMemoryElectionRecords();
        private ScaleSets scaleSets = new StaticScaleSets(List.of());
        private ConfigSets configSets = new EmptyConfigSets();
        private Notifier notifier = new LoggingNotifier();
        private EventHistory eventHistory = new InMemoryEventHistory();
        private SettingsStore settingsStore;
        private Duration settingsTtl;
        private FortiAnalyzer fortiAnalyzer;
        private List<Duration> fazRetryDelays = FazAuthorizationTrigger.DEFAULT_DELAYS;
        private LicenseUsage licenseUsage = new InMemoryLicenseUsage();
        private LicenseStock licenseStock = new InMemoryLicenseStock();
        private App built;

        private Builder(AppSettings appSettings) {
            this.appSettings = Objects.requireNonNull(appSettings, "appSettings");
            this.settingsStore = new InMemorySettingsStore(appSettings.autoscaleSeed());
            this.settingsTtl = appSettings.seconds(AppSettings.SETTINGS_CACHE_SECONDS, 0, 30);
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        public Builder healthRecords(HealthRecords r) {
            this.healthRecords = Objects.requireNonNull(r);
            return this;
        }

        public Builder electionRecords(ElectionRecords r) {
            this.electionRecords = Objects.requireNonNull(r);
            return this;
        }

        public Builder scaleSets(ScaleSets s) {
            this.scaleSets = Objects.requireNonNull(s);
            return this;
        }

        public Builder configSets(ConfigSets c) {
            this.configSets = Objects.requireNonNull(c);
            return this;
        }

        public Builder notifier(Notifier n) {
            this.notifier = Objects.requireNonNull(n);
            return this;
        }

        public Builder eventHistory(EventHistory h) {
            this.eventHistory = Objects.requireNonNull(h);
            return this;
        }

        public Builder settingsStore(SettingsStore s) {
            this.settingsStore = Objects.requireNonNull(s);
            return this;
        }

        public Builder settingsTtl(Duration ttl) {
            this.settingsTtl = Objects.requireNonNull(ttl);
            return this;
        }

        /** The FortiAnalyzer client; by default one built on first use from the {@code FAZ_*} app settings. */
        public Builder fortiAnalyzer(FortiAnalyzer f) {
            this.fortiAnalyzer = Objects.requireNonNull(f);
            return this;
        }

        /** The delays of the authorization attempts after a first heartbeat. */
        public Builder fazRetryDelays(List<Duration> delays) {
            this.fazRetryDelays = List.copyOf(delays);
            return this;
        }

        public Builder licenseUsage(LicenseUsage u) {
            this.licenseUsage = Objects.requireNonNull(u);
            return this;
        }

        public Builder licenseStock(LicenseStock s) {
            this.licenseStock = Objects.requireNonNull(s);
            return this;
        }

        /** The settings of the app being built, for adapters that need them (read lazily, after build). */
        public java.util.function.Supplier<com.fortinet.autoscale.domain.settings.Settings> settingsSupplier() {
            return () -> {
                if (built == null) {
                    throw new IllegalStateException("the app is not built yet");
                }
                return built.settings().current();
            };
        }

        public App build() {
            built = new App(this);
            return built;
        }
    }

    /**
     * The FortiAnalyzer named by the {@code FAZ_*} app settings, its client built on first use (a deployment
     * without FortiAnalyzer never needs them, and building a TLS context costs start-up time). An insecure
     * switch is taken at once, so its warning is logged when the app loads, and so is an API URL with user
     * info (refused, named, its value never shown); a wrong certificate setting is reported by name on first use.
     */
    private static final class FortiAnalyzerFromSettings implements FortiAnalyzer {
        private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(App.class.getName());
        private final AppSettings appSettings;
        private final java.time.Clock clock;
        private volatile Built client;

        /** A client and the credentials it was built with, read again from the app settings every 30 s. */
        private record Built(String username, String password, FortiAnalyzer client, java.time.Instant readAt) {}

        FortiAnalyzerFromSettings(AppSettings appSettings, java.time.Clock clock) {
            this.appSettings = appSettings;
            this.clock = clock;
            if (appSettings.get(AppSettings.FAZ_API_URL).map(JsonRpcFortiAnalyzer.Config::hasUserInfo).orElse(false)) {
                // refused when the app loads, not only on first use: the operator learns of it at once
                LOG.severe(JsonRpcFortiAnalyzer.Config.USER_INFO_REFUSED);
            }
            if (insecure()) {
                try {
                    tls();
                } catch (IllegalArgumentException e) {
                    // reported by name on first use
                }
            }
        }

        private boolean insecure() {
            return appSettings.get(AppSettings.FAZ_TLS_INSECURE).map("true"::equalsIgnoreCase).orElse(false);
        }

        private FazTls tls() {
            return FazTls.from(appSettings.get(AppSettings.FAZ_CA_CERTIFICATE).orElse(null),
                    appSettings.get(AppSettings.FAZ_CERTIFICATE_SHA256).orElse(null), insecure());
        }

        @Override
        public <T> T inSession(Function<Session, T> work) {
            return client().inSession(work);
        }

        private FortiAnalyzer client() {
            Built c = client;
            java.time.Instant now = clock.instant();
            if (c != null && now.isBefore(c.readAt().plus(SECRET_TTL))) {
                return c.client();
            }
            synchronized (this) {
                c = client;
                if (c != null && now.isBefore(c.readAt().plus(SECRET_TTL))) {
                    return c.client();
                }
                // The credentials are Key Vault references: read again, so a rotated password takes effect.
                AppSettings fresh = appSettings.reread();
                if (c != null) {
                    String username = require(fresh, AppSettings.FAZ_USERNAME);
                    String password = require(fresh, AppSettings.FAZ_PASSWORD);
                    if (c.username().equals(username) && c.password().equals(password)) {
                        client = new Built(username, password, c.client(), now);
                        return c.client();
                    }
                }
                FazTls tls;
                try {
                    tls = tls();
                } catch (IllegalArgumentException e) {
                    throw new InvalidSettingsException(List.of(e.getMessage()));
                }
                String url = require(appSettings, AppSettings.FAZ_API_URL);
                String username = require(fresh, AppSettings.FAZ_USERNAME);
                String password = require(fresh, AppSettings.FAZ_PASSWORD);
                FortiAnalyzer built;
                try {
                    built = new JsonRpcFortiAnalyzer(JsonRpcFortiAnalyzer.Config.of(url, username, password, tls));
                } catch (IllegalArgumentException e) {
                    throw new InvalidSettingsException(List.of(e.getMessage()));
                }
                client = new Built(username, password, built, now);
                return built;
            }
        }

        private static String require(AppSettings from, String name) {
            return from.secret(name).orElseThrow(() -> new InvalidSettingsException(List.of(
                    name + ": not set (needed by enable-fortianalyzer-integration)")));
        }

    }

    /** No asset store: bootstrap uses the built-in config sets. */
    private static final class EmptyConfigSets implements ConfigSets {
        @Override
        public Optional<String> read(String name) {
            return Optional.empty();
        }

        @Override
        public List<Named> custom() {
            return List.of();
        }
    }
}
