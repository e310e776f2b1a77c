package com.fortinet.autoscale.domain.settings;
import com.fortinet.autoscale.domain.StoreUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The settings of this process: loaded once, then re-read from the store when older than the TTL, so an
 * operator's edit takes effect within the TTL without a store read per request. Settings that hold an
 * unresolved Key Vault reference are not kept: the next request reads again. A bad edit never takes the
 * cluster down: a reload that fails validation keeps the last good settings in force and logs a SEVERE line
 * naming the key; with no good settings yet, {@link #current()} throws {@link NoValidSettingsException}
 * (device endpoints answer 503 naming the key) and {@link #problems()} says what is wrong.
 */
public final class SettingsProvider {
    private static final Logger LOG = Logger.getLogger(SettingsProvider.class.getName());

    private final SettingsStore store;
    private final Clock clock;
    private final Duration ttl;
    private volatile Loaded loaded;
    private volatile List<String> problems = List.of();
    /** The last settings that passed validation, kept through {@link #invalidate()}. */
    private volatile Settings lastGood;

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
                problems = List.of();
                if (fresh.unresolvedKeyVaultReferences().isEmpty()) {
                    loaded = new Loaded(fresh, now);
                    lastGood = fresh;
                } else {
                    // Resolution may succeed a minute later: read again on the next request, keep nothing.
                    LOG.severe(() -> "settings hold unresolved Key Vault references (App Service could not read"
                            + " the secret): " + fresh.unresolvedKeyVaultReferences().stream().map(SettingKey::key)
                            .sorted().toList() + "; they count as unset and are read again on the next request");
                    loaded = null;
                }
                return fresh;
            } catch (InvalidSettingsException e) {
                problems = e.problems();
                Settings good = lastGood;
                if (good == null) {
                    LOG.log(Level.SEVERE, "settings invalid and no good settings to keep: {0}", e.getMessage());
                    throw new NoValidSettingsException(e);
                }
                LOG.log(Level.SEVERE, "settings reload failed, keeping the last good settings: {0}", e.getMessage());
                loaded = new Loaded(good, now);
                return good;
            } catch (StoreUnavailableException e) {
                Settings good = lastGood;
                if (good == null) {
                    throw e;
                }
                LOG.log(Level.WARNING, "settings store unavailable, keeping the last good settings: {0}",
                        e.getMessage());
                loaded = new Loaded(good, now);
                return good;
            }
        }
    }

    /**
     * What was wrong with the stored settings at the last load (each bad key and what it expected); empty when
     * they were good. Non-empty with settings in force means the last good ones are being used.
     */
    public List<String> problems() {
        return problems;
    }

    /** Forgets the cached settings, so the next call reads the store (the last good ones stay the fallback). */
    public void invalidate() {
        loaded = null;
    }
}
