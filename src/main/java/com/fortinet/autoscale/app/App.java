package com.fortinet.autoscale.app;

import com.fortinet.autoscale.adapter.fortianalyzer.FortiAnalyzerFromSettings;
import com.fortinet.autoscale.adapter.memory.BuiltInConfigSets;
import com.fortinet.autoscale.domain.bootstrap.BootstrapService;
import com.fortinet.autoscale.domain.caller.CallerCheck;
import com.fortinet.autoscale.domain.bootstrap.ConfigAssembler;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import com.fortinet.autoscale.domain.election.ElectionRecords;
import com.fortinet.autoscale.domain.election.ElectionService;
import com.fortinet.autoscale.domain.fortianalyzer.FazAuthorizationService;
import com.fortinet.autoscale.domain.fortianalyzer.FazAuthorizationTrigger;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzer;
import com.fortinet.autoscale.domain.fortianalyzer.RequestSignatures;
import com.fortinet.autoscale.domain.health.HealthRecords;
import com.fortinet.autoscale.domain.heartbeat.HeartbeatService;
import com.fortinet.autoscale.domain.licensing.LicenseService;
import com.fortinet.autoscale.domain.lifecycle.HealthMonitor;
import com.fortinet.autoscale.domain.lifecycle.InstanceCleanup;
import com.fortinet.autoscale.domain.lifecycle.ScalingEventService;
import com.fortinet.autoscale.domain.notification.HistoryNotifier;
import com.fortinet.autoscale.domain.notification.Notifier;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.domain.settings.SettingsProvider;
import com.fortinet.autoscale.domain.settings.SettingsStore;
import com.fortinet.autoscale.domain.status.ClusterStatusService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The composition root: the settings provider first, then one adapter per port, chosen per technology
 * family ({@link StateAdapters}, {@link AssetAdapters}, {@link PlatformAdapters}, {@link NotificationAdapters},
 * {@link FortiAnalyzerFromSettings}), then the domain services wired over them. One instance per process,
 * built lazily on first use (the Java worker creates a function object per invocation, so nothing expensive
 * may live in a function object). It exposes what the functions and the local runner call, nothing else:
 * tests keep their own references to the ports they pass in.
 */
public final class App {
    private static volatile App instance;
    /** The threads that start clients: daemon, so a process never waits for them to end. */
    private static final ExecutorService STARTUP = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "app-start");
        t.setDaemon(true);
        return t;
    });

    private final AppSettings appSettings;
    private final Clock clock;
    private final ScaleSets scaleSets;
    private final Notifier notifier;
    private final HeartbeatService heartbeats;
    private final BootstrapService bootstrap;
    private final ClusterStatusService clusterStatus;
    private final FazAuthorizationService fazAuthorization;
    private final FazAuthorizationTrigger fazTrigger;
    private final HandlerSignatures fazRequestSignatures;
    private final CallerCheck callers;
    private final LicenseService licenses;
    private final HealthMonitor healthMonitor;
    private final ScalingEventService scalingEvents;
    private final WarmUp.Ports warmUpPorts;
    private final AtomicReference<CompletableFuture<WarmUp.Report>> warmUp = new AtomicReference<>();

    App(AppBuilder b) {
        this.appSettings = b.appSettings;
        this.clock = b.clock;
        this.scaleSets = b.scaleSets;
        // Every notification also goes into the history operators read in cluster-status; the configured
        // notifier (the log line, Event Grid) comes first.
        this.notifier = new CompositeNotifier(List.of(b.notifier, new HistoryNotifier(b.eventHistory)));
        SettingsProvider settings = b.settings != null ? b.settings : settings(b.settingsStore, appSettings, clock,
                b.settingsTtl);
        HealthRecords health = b.healthRecords;
        ElectionRecords elections = b.electionRecords;
        ElectionService election = new ElectionService(health, elections, scaleSets, notifier);
        // FortiAnalyzer: the client is built on first use; a first heartbeat schedules an authorization.
        FortiAnalyzer faz = b.fortiAnalyzer != null ? b.fortiAnalyzer : new FortiAnalyzerFromSettings(appSettings::get,
                () -> appSettings.reread()::secret, clock);
        this.fazAuthorization = new FazAuthorizationService(() -> faz, scaleSets, health, settings);
        this.fazTrigger = new FazAuthorizationTrigger(fazAuthorization, b.fazRetryDelays);
        this.heartbeats = new HeartbeatService(health, elections, scaleSets, election, settings, clock, notifier,
                fazTrigger);
        this.bootstrap = new BootstrapService(scaleSets, elections, health, election, settings,
                new ConfigAssembler(b.configSets, new BuiltInConfigSets()), clock, notifier);
        this.clusterStatus = new ClusterStatusService(health, elections, settings, clock, b.eventHistory,
                b.licenseUsage);
        this.licenses = new LicenseService(b.licenseStock, b.licenseUsage, scaleSets, clock, notifier);
        InstanceCleanup cleanup = new InstanceCleanup(health, licenses, heartbeats::forget);
        this.healthMonitor = new HealthMonitor(health, elections, scaleSets, election, cleanup, settings, clock,
                notifier);
        this.warmUpPorts = new WarmUp.Ports(settings, elections, health, b.licenseUsage, b.eventHistory, scaleSets,
                b.licenseStock, b.configSets);
        this.scalingEvents = new ScalingEventService(health, elections, scaleSets, election, cleanup,
                settings, clock, appSettings.get(AppSettings.RESOURCE_GROUP).orElse(null));
        this.callers = new CallerCheck(scaleSets, settings, notifier, clock);
        this.fazRequestSignatures = new HandlerSignatures(appSettings, clock);
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
                    a.startInBackground(); // the clients start while this first request goes on
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
        Clock clock = Clock.systemUTC();
        StateAdapters state = StateAdapters.from(appSettings);
        // First, so that every adapter that reads the settings gets them from the one provider.
        SettingsProvider settings = settings(state.settings(), appSettings, clock, appSettings.settingsCacheTtl());
        Supplier<Settings> current = settings::current;
        return builder(appSettings).clock(clock).settings(settings).state(state)
                .assets(AssetAdapters.from(appSettings, current))
                .scaleSets(PlatformAdapters.from(appSettings, current, clock, localRunner))
                .notifier(NotificationAdapters.from(appSettings))
                .build();
    }

    /** Whether a local runner may delete real Azure VMs: only with the explicit flag. */
    public static boolean allowsAzureTermination(AppSettings appSettings) {
        return PlatformAdapters.allowsAzureTermination(appSettings);
    }

    /** Secrets come from the app settings (Key Vault references) on every load, never from a stored copy. */
    static SettingsProvider settings(SettingsStore store, AppSettings appSettings, Clock clock, Duration ttl) {
        return new SettingsProvider(new SecretsFromAppSettings(store, appSettings::reread), clock, ttl);
    }

    /** The factory of every app: from the settings here, with the tests' own ports in tests. */
    public static AppBuilder builder(AppSettings appSettings) {
        return new AppBuilder(appSettings);
    }

    public AppSettings appSettings() {
        return appSettings;
    }

    public Clock clock() {
        return clock;
    }

    public ScaleSets scaleSets() {
        return scaleSets;
    }

    public Notifier notifier() {
        return notifier;
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

    /**
     * The verifier of {@code faz-auth-handler} request signatures, keyed by {@code FAZ_HANDLER_HMAC_SECRET}.
     *
     * @throws InvalidSettingsException when the secret is not set or too short (the handler then refuses all)
     */
    public RequestSignatures fazRequestSignatures() {
        return fazRequestSignatures.get();
    }

    /** Whether a device-facing request comes from the FortiGate it names ({@code verify-caller-ip}). */
    public CallerCheck callers() {
        return callers;
    }

    /** BYOL license assignment (behaviour §6). */
    public LicenseService licenses() {
        return licenses;
    }

    public HealthMonitor healthMonitor() {
        return healthMonitor;
    }

    public ScalingEventService scalingEvents() {
        return scalingEvents;
    }

    /**
     * Starts every client in the background (Cosmos DB, Blob Storage, Resource Manager): once per app, on
     * daemon threads, so no answer waits for it. A request that needs a client still starting waits for that
     * same start inside the adapter, never a second one.
     */
    public void startInBackground() {
        if (warmUp.get() == null) {
            CompletableFuture<WarmUp.Report> started = new CompletableFuture<>();
            if (warmUp.compareAndSet(null, started)) {
                WarmUp.start(warmUpPorts, STARTUP).whenComplete((r, e) -> {
                    if (e != null) {
                        started.completeExceptionally(e);
                    } else {
                        started.complete(r);
                    }
                });
            }
        }
    }

    /**
     * The warm-up's one line: starts it if nothing did yet and waits at most {@code wait} for it (the
     * {@code warmup} function, before the instance takes traffic).
     */
    public String warmUp(Duration wait) {
        startInBackground();
        try {
            return warmUp.get().get(wait.toMillis(), TimeUnit.MILLISECONDS).line();
        } catch (TimeoutException e) {
            return "warm-up still running after " + wait.toMillis() + " ms";
        } catch (ExecutionException e) {
            return "warm-up failed: " + e.getCause().getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "warm-up interrupted";
        }
    }

    /** Stops the FortiAnalyzer authorization retries this app scheduled (the local runner's stop, tests). */
    public void close() {
        fazTrigger.close();
    }
}
