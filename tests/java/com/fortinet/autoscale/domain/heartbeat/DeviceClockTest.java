package com.fortinet.autoscale.domain.heartbeat;

import static com.fortinet.autoscale.support.Fixtures.beat;
import static com.fortinet.autoscale.support.Fixtures.byol;
import static com.fortinet.autoscale.support.Fixtures.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.health.HealthRules.Disposition;
import com.fortinet.autoscale.support.TestCluster;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 7: device clocks and counters no FortiGate sends. One forged or broken heartbeat must not
 * mute a device; a restarted counter is a reboot; every outdated drop is logged with both values.
 */
class DeviceClockTest {
    private final TestCluster cluster = new TestCluster(List.of(byol(1), byol(2)), Map.of());
    private final List<LogRecord> logged = new ArrayList<>();
    private final Logger log = Logger.getLogger(HeartbeatService.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logged) {
                logged.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        log.addHandler(capture);
    }

    @AfterEach
    void stop() {
        log.removeHandler(capture);
    }

    private Disposition beatAt(long sequence, Instant deviceTime) {
        return cluster.beat(beat(vm(1), 30, sequence, deviceTime)).disposition();
    }

    private List<String> warnings() {
        synchronized (logged) {
            return logged.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
        }
    }

    @Test
    void aForgedFarFutureHeartbeatDoesNotMuteTheDevice() {
        Instant now = cluster.clock.instant();
        assertEquals(Disposition.APPLIED, beatAt(100, now));
        cluster.clock.advanceSeconds(30);
        // forged: a sequence far ahead and a clock a year ahead
        assertEquals(Disposition.APPLIED, beatAt(9_000_000, now.plusSeconds(365L * 86400)));
        assertTrue(warnings().stream().anyMatch(w -> w.contains("not used to judge order")), warnings().toString());
        for (int i = 1; i <= 3; i++) {
            cluster.clock.advanceSeconds(30);
            assertEquals(Disposition.APPLIED, beatAt(100 + i, cluster.clock.instant()), "genuine heartbeat " + i);
        }
        assertEquals(103L, cluster.record(vm(1)).orElseThrow().sequence());
    }

    @Test
    void aFarPastClockIsNotUsedToCallAHeartbeatOutdated() {
        assertEquals(Disposition.APPLIED, beatAt(100, cluster.clock.instant()));
        cluster.clock.advanceSeconds(30);
        // a clock reset to 1970 with a lower sequence would look outdated by both values
        assertEquals(Disposition.APPLIED, beatAt(50, Instant.EPOCH));
    }

    @Test
    void aCounterThatStartsAgainWithACurrentClockIsAReboot() {
        Instant now = cluster.clock.instant();
        assertEquals(Disposition.APPLIED, beatAt(5000, now.plusSeconds(120))); // its clock ran 2 minutes fast
        cluster.clock.advanceSeconds(60);
        // rebooted: the counter is back at 0, the clock now correct (older than the recorded one)
        assertEquals(Disposition.APPLIED, beatAt(0, cluster.clock.instant()));
        assertEquals(0L, cluster.record(vm(1)).orElseThrow().sequence());
    }

    @Test
    void everyOutdatedDropIsLoggedWithBothValues() {
        Instant now = cluster.clock.instant();
        beatAt(7, now);
        cluster.clock.advanceSeconds(30);
        assertEquals(Disposition.OUTDATED, beatAt(6, now.minusSeconds(30)));
        String line = warnings().stream().filter(w -> w.contains("outdated")).findFirst().orElseThrow();
        assertTrue(line.contains("sequence=6") && line.contains("recorded sequence=7")
                && line.contains(now.minusSeconds(30).toString()) && line.contains(now.toString())
                && line.contains("cid=test"), line);
    }
}
