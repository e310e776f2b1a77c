package com.fortinet.autoscale.domain.fortianalyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.support.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** HMAC-signed internal requests: good, bad, replayed, stale. */
class RequestSignaturesTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    private static final String BODY = "{\"reason\":\"scale-out\"}";
    private static final String NONCE = "nonce-0000000001";

    private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");
    private final RequestSignatures signatures = new RequestSignatures(SECRET, clock, Duration.ofMinutes(5));

    private long now() {
        return clock.instant().getEpochSecond();
    }

    @Test
    void aRequestSignedWithTheSecretIsAccepted() {
        String sig = RequestSignatures.sign(SECRET, now(), NONCE, BODY);

        RequestSignatures.Verdict v = signatures.verify(String.valueOf(now()), NONCE, sig, BODY);

        assertTrue(v.accepted(), v.reason());
    }

    @Test
    void theSha256PrefixAndUpperCaseHexAreAccepted() {
        String sig = "sha256=" + RequestSignatures.sign(SECRET, now(), NONCE, BODY).toUpperCase();

        assertTrue(signatures.verify(String.valueOf(now()), NONCE, sig, BODY).accepted());
    }

    @Test
    void aChangedBodyIsRejected() {
        String sig = RequestSignatures.sign(SECRET, now(), NONCE, BODY);

        RequestSignatures.Verdict v = signatures.verify(String.valueOf(now()), NONCE, sig, BODY + " ");

        assertFalse(v.accepted());
        assertEquals("bad signature", v.reason());
    }

    @Test
    void anotherSecretIsRejected() {
        String sig = RequestSignatures.sign("another-secret-that-is-long-enough-000", now(), NONCE, BODY);

        assertEquals("bad signature", signatures.verify(String.valueOf(now()), NONCE, sig, BODY).reason());
    }

    @Test
    void aReplayedRequestIsRejected() {
        String sig = RequestSignatures.sign(SECRET, now(), NONCE, BODY);
        assertTrue(signatures.verify(String.valueOf(now()), NONCE, sig, BODY).accepted());

        RequestSignatures.Verdict replay = signatures.verify(String.valueOf(now()), NONCE, sig, BODY);

        assertFalse(replay.accepted());
        assertTrue(replay.reason().startsWith("replayed request"), replay.reason());
    }

    @Test
    void aStaleTimestampIsRejectedEvenWithAFreshNonce() {
        long old = now() - 301;
        String sig = RequestSignatures.sign(SECRET, old, NONCE, BODY);

        RequestSignatures.Verdict v = signatures.verify(String.valueOf(old), NONCE, sig, BODY);

        assertFalse(v.accepted());
        assertTrue(v.reason().startsWith("stale timestamp"), v.reason());
    }

    @Test
    void aTimestampFromTheFarFutureIsRejected() {
        long future = now() + 301;
        String sig = RequestSignatures.sign(SECRET, future, NONCE, BODY);

        assertFalse(signatures.verify(String.valueOf(future), NONCE, sig, BODY).accepted());
        assertFalse(signatures.verify(String.valueOf(Long.MAX_VALUE), NONCE,
                RequestSignatures.sign(SECRET, Long.MAX_VALUE, NONCE, BODY), BODY).accepted());
    }

    @Test
    void aReplayAfterTheWindowIsStaleAndStillRejected() {
        String sig = RequestSignatures.sign(SECRET, now(), NONCE, BODY);
        String ts = String.valueOf(now());
        assertTrue(signatures.verify(ts, NONCE, sig, BODY).accepted());
        clock.advance(Duration.ofMinutes(20));

        assertFalse(signatures.verify(ts, NONCE, sig, BODY).accepted());
    }

    @Test
    void missingOrMalformedPartsAreRejectedWithAReason() {
        String sig = RequestSignatures.sign(SECRET, now(), NONCE, BODY);
        String ts = String.valueOf(now());

        assertEquals("missing signature headers", signatures.verify(null, NONCE, sig, BODY).reason());
        assertEquals("missing signature headers", signatures.verify(ts, null, sig, BODY).reason());
        assertEquals("missing signature headers", signatures.verify(ts, NONCE, null, BODY).reason());
        assertEquals("timestamp is not Unix seconds", signatures.verify("yesterday", NONCE, sig, BODY).reason());
        assertFalse(signatures.verify(ts, "short", sig, BODY).accepted());
        assertEquals("signature is not hex", signatures.verify(ts, NONCE, "zz", BODY).reason());
    }

    @Test
    void aShortSecretIsRefusedWithoutShowingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RequestSignatures("tiny-secret", clock, Duration.ofMinutes(5)));

        assertFalse(e.getMessage().contains("tiny-secret"));
    }
}
