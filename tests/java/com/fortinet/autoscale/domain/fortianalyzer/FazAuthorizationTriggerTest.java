package com.fortinet.autoscale.domain.fortianalyzer;

import static com.fortinet.autoscale.domain.fortianalyzer.FazFixture.A;
import static com.fortinet.autoscale.domain.fortianalyzer.FazFixture.B;
import static com.fortinet.autoscale.domain.fortianalyzer.FazFixture.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The authorization a first heartbeat schedules: off the heartbeat's thread, de-duplicated, retried, bounded. */
class FazAuthorizationTriggerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Waits, at most {@link #WAIT}, for a condition that another thread makes true. */
    private static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        return true;
    }

    @Test
    void aFirstHeartbeatReturnsAtOnceWhileTheFortiAnalyzerIsSlow() throws Exception {
        FazFixture f = new FazFixture();
        f.faz.unauthorized(name(A), "FGVM01", A.privateIp());
        f.faz.hold();
        try (FazAuthorizationTrigger trigger = new FazAuthorizationTrigger(f.service, List.of(Duration.ZERO))) {

            long started = System.nanoTime();
            trigger.accept(A);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertTrue(f.faz.awaitSessionStart(WAIT.toMillis()), "no session started");
            assertTrue(tookMillis < 1_000, "accept took " + tookMillis + " ms");
            assertEquals(0, f.faz.authorizeCalls().size());
            f.faz.open();
            assertTrue(eventually(() -> f.faz.isAuthorized(name(A))));
            assertTrue(eventually(() -> trigger.waitingCount() == 0));
        }
    }

    @Test
    void aDeviceThatRegistersLateIsAuthorizedByALaterAttempt() {
        FazFixture f = new FazFixture();
        try (FazAuthorizationTrigger trigger = new FazAuthorizationTrigger(f.service,
                List.of(Duration.ZERO, Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(20)))) {
            trigger.accept(A);
            assertTrue(eventually(() -> f.faz.sessions() >= 1));

            f.faz.unauthorized(name(A), "FGVM01", A.privateIp());

            assertTrue(eventually(() -> f.faz.isAuthorized(name(A))));
            assertTrue(eventually(() -> trigger.waitingCount() == 0));
            assertEquals(List.of(List.of(name(A))), f.faz.authorizeCalls());
        }
    }

    @Test
    void aDeviceThatNeverRegistersIsGivenUpAfterTheLastDelay() {
        FazFixture f = new FazFixture();
        try (FazAuthorizationTrigger trigger = new FazAuthorizationTrigger(f.service,
                List.of(Duration.ZERO, Duration.ofMillis(5), Duration.ofMillis(5)))) {
            trigger.accept(A);

            assertTrue(eventually(() -> trigger.waitingCount() == 0));
            assertEquals(3, f.faz.sessions());
        }
    }

    @Test
    void aDeviceAlreadyWaitingIsNotAddedTwiceAndDevicesDueTogetherShareARun() {
        FazFixture f = new FazFixture();
        f.faz.unauthorized(name(A), "FGVM01", A.privateIp()).unauthorized(name(B), "FGVM02", B.privateIp());
        f.faz.hold();
        try (FazAuthorizationTrigger trigger = new FazAuthorizationTrigger(f.service,
                List.of(Duration.ofMillis(50)))) {
            trigger.accept(A);
            trigger.accept(A);
            trigger.accept(B);
            assertEquals(2, trigger.waitingCount());

            f.faz.open();

            assertTrue(eventually(() -> trigger.waitingCount() == 0));
            assertEquals(1, f.faz.sessions());
            assertEquals(List.of(List.of(name(A), name(B))), f.faz.authorizeCalls());
        }
    }

    @Test
    void nothingIsScheduledWhileTheIntegrationIsOff() {
        FazFixture f = new FazFixture(Map.of("enable-fortianalyzer-integration", "false"));
        try (FazAuthorizationTrigger trigger = new FazAuthorizationTrigger(f.service, List.of(Duration.ZERO))) {

            trigger.accept(A);

            assertEquals(0, trigger.waitingCount());
            assertEquals(0, f.faz.sessions());
        }
    }

    @Test
    void aFailingFortiAnalyzerIsRetriedAndNeverReachesTheHeartbeat() {
        FazFixture f = new FazFixture();
        f.faz.unauthorized(name(A), "FGVM01", A.privateIp());
        f.faz.failWith(new FortiAnalyzerUnavailableException(FortiAnalyzerUnavailableException.Kind.UNREACHABLE,
                "down", null));
        try (FazAuthorizationTrigger trigger = new FazAuthorizationTrigger(f.service,
                List.of(Duration.ZERO, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10)))) {

            trigger.accept(A);
            assertTrue(eventually(() -> f.faz.sessions() >= 1));
            f.faz.failWith(null);

            assertTrue(eventually(() -> f.faz.isAuthorized(name(A))));
        }
    }
}
