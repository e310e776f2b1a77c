package com.fortinet.autoscale.domain.settings;
import com.fortinet.autoscale.domain.StoreUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The settings of this process: loaded once, then re-read from the store when older than the TTL, so an
 * operator's edit takes effect within the TTL without a store read per request. A first load that fails
 * validation throws (naming the key); a later one keeps the last good settings and logs the problem.
 */
public final class SettingsProvider {
    private static final Logger LOG = Logger.getLogger(SettingsProvider.class.getName());

    private final SettingsStore store;
    private final Clock clock;
    private final Duration ttl;
    private volatile Loaded loaded;

    private record Loaded(Settings settings, Instant at) {}

    public SettingsProvider(SettingsStore store, Clock clock, Duration ttl) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    /** The current settings. */
    public Settings current() {
        Loaded l = loaded;
        Instant now = clock.instant();
        if (l != null && Duration.between(l.at(), now).compareTo(ttl) < 0) {
            return l.settings();
        }
        synchronized (this) {
            l = loaded;
            if (l != null && Duration.between(l.at(), now).compareTo(ttl) < 0) {
                return l.settings();
            }
            try {
                Settings fresh = Settings.from(store.readAll());
                loaded = new Loaded(fresh, now);
                return fresh;
            } catch (InvalidSettingsException | StoreUnavailableException e) {
                if (l == null) {
                    throw e;
                }
                LOG.log(Level.SEVERE, "settings reload failed, keeping the last good settings: {0}", e.getMessage());
                loaded = new Loaded(l.settings(), now);
                return l.settings();
            }
        }
    }

    /** Forgets the cached settings, so the next call reads the store. */
    public void invalidate() {
        loaded = null;
    }
}
