package com.fortinet.autoscale.domain.fortianalyzer;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates a signed internal request (the {@code faz-auth-handler} call), on top of the function key:
 * the caller sends a Unix timestamp (seconds), a fresh nonce, and
 * {@code HMAC-SHA256(secret, timestamp + "\n" + nonce + "\n" + body)} in hex. A request is accepted when
 * the signature is right, the timestamp is within the window of this process's clock, and the nonce was
 * not used in that window. The nonces are remembered in this process: a replay to another instance of the
 * function app inside the window is not caught, which is harmless for an idempotent call.
 */
public final class RequestSignatures {
    /** How far a request's timestamp may be from this clock. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** Shortest secret accepted, in bytes of its UTF-8 form. */
    public static final int MIN_SECRET_BYTES = 32;
    static final int MAX_NONCES = 100_000;
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration window;
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();

    /** The verdict on one request: accepted, or rejected with a one-line reason. */
    public record Verdict(boolean accepted, String reason) {
        static Verdict ok() {
            return new Verdict(true, "ok");
        }

        static Verdict rejected(String reason) {
            return new Verdict(false, reason);
        }
    }

    /**
     * @throws IllegalArgumentException when the secret is shorter than {@value #MIN_SECRET_BYTES} bytes (the
     *                                  message never contains it)
     */
    public RequestSignatures(String secret, Clock clock, Duration window) {
        byte[] bytes = Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the signing secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(bytes, ALGORITHM);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
    }

    /** The signature a caller sends: lower-case hex HMAC-SHA256 over timestamp, nonce and body. */
    public static String sign(String secret, long timestamp, String nonce, String body) {
        return HexFormat.of().formatHex(mac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM),
                timestamp, nonce, body));
    }

    /**
     * Checks one request. Each argument may be null (a missing header). An accepted nonce is remembered, so
     * the same request is rejected the second time.
     */
    public Verdict verify(String timestamp, String nonce, String signature, String body) {
        if (timestamp == null || nonce == null || signature == null) {
            return Verdict.rejected("missing signature headers");
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Verdict.rejected("timestamp is not Unix seconds");
        }
        if (!NONCE.matcher(nonce).matches()) {
            return Verdict.rejected("nonce must be 16 to 128 characters of [A-Za-z0-9_-]");
        }
        byte[] given;
        try {
            String hex = signature.trim().toLowerCase(Locale.ROOT);
            given = HexFormat.of().parseHex(hex.startsWith("sha256=") ? hex.substring(7) : hex);
        } catch (IllegalArgumentException e) {
            return Verdict.rejected("signature is not hex");
        }
        if (!MessageDigest.isEqual(given, mac(key, ts, nonce, body == null ? "" : body))) {
            return Verdict.rejected("bad signature");
        }
        Instant now = clock.instant();
        long nowSeconds = now.getEpochSecond();
        long w = window.toSeconds();
        if (ts < nowSeconds - w || ts > nowSeconds + w) {
            return Verdict.rejected("stale timestamp (more than " + window.toSeconds() + " s from the server's clock)");
        }
        // Only signed requests reach the cache, so it cannot be filled without the secret.
        Instant forgetAt = now.plus(window).plus(window);
        if (seen.size() >= MAX_NONCES) {
            prune(now);
            if (seen.size() >= MAX_NONCES) {
                return Verdict.rejected("too many signed requests in the replay window");
            }
        }
        if (seen.putIfAbsent(nonce, forgetAt) != null) {
            return Verdict.rejected("replayed request (nonce already used)");
        }
        if (seen.size() % 1024 == 0) {
            prune(now);
        }
        return Verdict.ok();
    }

    private void prune(Instant now) {
        for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
            if (it.next().isBefore(now)) {
                it.remove();
            }
        }
    }

    private static byte[] mac(SecretKeySpec key, long timestamp, String nonce, String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal((timestamp + "\n" + nonce + "\n" + body).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
