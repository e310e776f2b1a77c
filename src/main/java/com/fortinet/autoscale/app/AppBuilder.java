package com.fortinet.autoscale.app;

import com.fortinet.autoscale.adapter.log.LoggingNotifier;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.domain.bootstrap.ConfigSets;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import com.fortinet.autoscale.domain.election.ElectionRecords;
import com.fortinet.autoscale.domain.fortianalyzer.FazAuthorizationTrigger;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzer;
import com.fortinet.autoscale.domain.health.HealthRecords;
import com.fortinet.autoscale.domain.licensing.LicenseStock;
import com.fortinet.autoscale.domain.licensing.LicenseUsage;
import com.fortinet.autoscale.domain.notification.EventHistory;
import com.fortinet.autoscale.domain.notification.Notifier;
import com.fortinet.autoscale.domain.settings.SettingsProvider;
import com.fortinet.autoscale.domain.settings.SettingsStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Builds an app from the ports it is given; every port defaults to its in-memory adapter, the settings
 * to a provider over the in-memory settings store seeded from the app settings.
 */
public final class AppBuilder {
    final AppSettings appSettings;
    Clock clock = Clock.systemUTC();
    SettingsProvider settings;
    SettingsStore settingsStore;
    Duration settingsTtl;
    HealthRecords healthRecords;
    ElectionRecords electionRecords;
    LicenseUsage licenseUsage;
    ConfigSets configSets;
    LicenseStock licenseStock;
    ScaleSets scaleSets = new StaticScaleSets(List.of());
    Notifier notifier = new LoggingNotifier();
    EventHistory eventHistory;
    FortiAnalyzer fortiAnalyzer;
    List<Duration> fazRetryDelays = FazAuthorizationTrigger.DEFAULT_DELAYS;

    AppBuilder(AppSettings appSettings) {
        this.appSettings = Objects.requireNonNull(appSettings, "appSettings");
        this.settingsTtl = appSettings.settingsCacheTtl();
        state(StateAdapters.inMemory(appSettings));
        assets(AssetAdapters.none());
    }

    AppBuilder state(StateAdapters s) {
        return healthRecords(s.health()).electionRecords(s.election()).settingsStore(s.settings())
                .licenseUsage(s.licenseUsage()).eventHistory(s.events());
    }

    AppBuilder assets(AssetAdapters a) {
        return configSets(a.configSets()).licenseStock(a.licenseStock());
    }

    public AppBuilder clock(Clock c) {
        this.clock = Objects.requireNonNull(c);
        return this;
    }

    /** The settings provider; by default one over the settings store with the settings TTL. */
    public AppBuilder settings(SettingsProvider p) {
        this.settings = Objects.requireNonNull(p);
        return this;
    }

    public AppBuilder settingsStore(SettingsStore s) {
        this.settingsStore = Objects.requireNonNull(s);
        return this;
    }

    public AppBuilder settingsTtl(Duration ttl) {
        this.settingsTtl = Objects.requireNonNull(ttl);
        return this;
    }

    public AppBuilder healthRecords(HealthRecords r) {
        this.healthRecords = Objects.requireNonNull(r);
        return this;
    }

    public AppBuilder electionRecords(ElectionRecords r) {
        this.electionRecords = Objects.requireNonNull(r);
        return this;
    }

    public AppBuilder licenseUsage(LicenseUsage u) {
        this.licenseUsage = Objects.requireNonNull(u);
        return this;
    }

    public AppBuilder configSets(ConfigSets c) {
        this.configSets = Objects.requireNonNull(c);
        return this;
    }

    public AppBuilder licenseStock(LicenseStock s) {
        this.licenseStock = Objects.requireNonNull(s);
        return this;
    }

    public AppBuilder scaleSets(ScaleSets s) {
        this.scaleSets = Objects.requireNonNull(s);
        return this;
    }

    /** The recent notifications operators read in cluster-status (behaviour §8). */
    public AppBuilder eventHistory(EventHistory h) {
        this.eventHistory = Objects.requireNonNull(h);
        return this;
    }

    public AppBuilder notifier(Notifier n) {
        this.notifier = Objects.requireNonNull(n);
        return this;
    }

    /** The FortiAnalyzer client; by default one built on first use from the {@code FAZ_*} app settings. */
    public AppBuilder fortiAnalyzer(FortiAnalyzer f) {
        this.fortiAnalyzer = Objects.requireNonNull(f);
        return this;
    }

    /** The delays of the authorization attempts after a first heartbeat. */
    public AppBuilder fazRetryDelays(List<Duration> delays) {
        this.fazRetryDelays = List.copyOf(delays);
        return this;
    }

    public App build() {
        return new App(this);
    }
}
