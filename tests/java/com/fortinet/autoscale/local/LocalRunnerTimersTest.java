package com.fortinet.autoscale.local;

import static com.fortinet.autoscale.support.Fixtures.beat;
import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.memory.InMemoryHealthRecords;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.health.SyncState;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.support.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The local runner runs the timer functions on their NCRONTAB schedules, resolved from app settings. */
class LocalRunnerTimersTest {

    @Test
    void theHealthMonitorRunsOnItsScheduleAndMarksASilentDevice() throws Exception {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        AppSettings settings = AppSettings.of(Map.of(
                AppSettings.HEALTH_MONITOR_SCHEDULE, "* * * * * *", // every second
                "HEARTBEAT_LOSS_COUNT", "3", "BYOL_SCALING_GROUP_NAME", "byol"));
        InMemoryHealthRecords health = new InMemoryHealthRecords();
        App app = App.builder(settings).clock(clock).healthRecords(health)
                .scaleSets(new StaticScaleSets(List.of(byol(1), byol(2)))).build();
        try (LocalRunner runner = LocalRunner.start(app, 0)) {
            assertTrue(runner.timers().containsAll(List.of("health-monitor", "faz-auth-scheduler")), runner.timers().toString());
            app.heartbeats().handle(beat(1, 10), "t");
            app.heartbeats().handle(beat(2, 10), "t");
            for (int i = 0; i < 6; i++) { // 2 silent for 6 intervals; 1 beats on (a silent cluster is a controller gap)
                clock.advance(Duration.ofSeconds(10));
                app.heartbeats().handle(beat(1, 10), "t");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && health.read(vm(2)).map(Versioned::value)
                    .map(r -> r.syncState() == SyncState.IN_SYNC).orElse(true)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            assertEquals(SyncState.OUT_OF_SYNC, health.read(vm(2)).orElseThrow().value().syncState(),
                    "the scheduled monitor marked the silent device");
        }
    }

    @Test
    void aScheduleNamesAnAppSettingAsOnAzure() {
        AppSettings settings = AppSettings.of(Map.of("MY_SCHEDULE", "0 */5 * * * *"));
        assertEquals("0 */5 * * * *", LocalRunner.resolve("%MY_SCHEDULE%", settings));
        assertEquals("0 0 * * * *", LocalRunner.resolve("0 0 * * * *", settings));
        assertThrows(IllegalStateException.class, () -> LocalRunner.resolve("%NOT_SET%", settings));
    }
}
