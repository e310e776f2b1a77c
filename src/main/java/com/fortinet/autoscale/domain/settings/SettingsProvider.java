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
 * operator's edit takes effect within the TTL without a store read per request. Settings that hold an
 * unresolved Key Vault reference are not kept: the next request reads again. A first load that fails
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
                if (fresh.unresolvedKeyVaultReferences().isEmpty()) {
                    loaded = new Loaded(fresh, now);
                } else {
                    // Resolution may succeed a minute later: read again on the next request, keep nothing.
                    LOG.severe(() -> "settings hold unresolved Key Vault references (App Service could not read"
                            + " the secret): " + fresh.unresolvedKeyVaultReferences().stream().map(SettingKey::key)
                            .sorted().toList() + "; they count as unset and are read again on the next request");
                    loaded = null;
                }
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
