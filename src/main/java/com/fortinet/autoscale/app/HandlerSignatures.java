package com.fortinet.autoscale.app;

import com.fortinet.autoscale.domain.fortianalyzer.RequestSignatures;
import com.fortinet.autoscale.domain.settings.InvalidSettingsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The verifier of {@code faz-auth-handler} request signatures, keyed by {@code FAZ_HANDLER_HMAC_SECRET}: the
 * secret is a Key Vault reference, so it is read again every 30 s and the verifier rebuilt only when it
 * changed (the same key keeps its nonces, so a replay stays refused across a re-read).
 */
final class HandlerSignatures {
    /** How long a secret read from the app settings is used before it is read again. */
    private static final Duration SECRET_TTL = Duration.ofSeconds(30);

    private final AppSettings appSettings;
    private final Clock clock;
    private volatile SignaturesFor current;

    /** The verifier built for one value of the HMAC secret, and when that value was read. */
    private record SignaturesFor(String secret, RequestSignatures signatures, Instant readAt) {}

    HandlerSignatures(AppSettings appSettings, Clock clock) {
        this.appSettings = appSettings;
        this.clock = clock;
    }

    /** @throws InvalidSettingsException when the secret is not set or too short (the handler then refuses all) */
    RequestSignatures get() {
        SignaturesFor r = current;
        Instant now = clock.instant();
        if (r != null && now.isBefore(r.readAt().plus(SECRET_TTL))) {
            return r.signatures();
        }
        // Read again (briefly cached): a key rotated in Key Vault, or a reference resolved since, takes effect.
        String secret = appSettings.reread().secret(AppSettings.FAZ_HANDLER_HMAC_SECRET).orElseThrow(() ->
                new InvalidSettingsException(List.of(AppSettings.FAZ_HANDLER_HMAC_SECRET
                        + ": not set (faz-auth-handler accepts only signed requests)")));
        if (r != null && r.secret().equals(secret)) {
            current = new SignaturesFor(secret, r.signatures(), now); // the same key: keep its nonces
            return r.signatures();
        }
        try {
            RequestSignatures fresh = new RequestSignatures(secret, clock, RequestSignatures.DEFAULT_WINDOW);
            current = new SignaturesFor(secret, fresh, now);
            return fresh;
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(List.of(AppSettings.FAZ_HANDLER_HMAC_SECRET + ": " + e.getMessage()));
        }
    }
}
