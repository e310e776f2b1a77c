package com.fortinet.autoscale.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.memory.InMemoryHealthRecords;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.health.Heartbeat;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.health.HealthRecords;
import com.fortinet.autoscale.domain.StoreUnavailableException;
import com.fortinet.autoscale.support.HttpMocks;
import com.fortinet.autoscale.support.MutableClock;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code health-monitor} timer entry point. */
class HealthMonitorFunctionTest {
    private static final Member A = new Member(VmId.of("a0000000-0000-4000-8000-000000000000"), "byol",
            Member.Licensing.BYOL, "0", "10.0.1.10");
    private static final Member B = new Member(VmId.of("a0000001-0000-4000-8000-000000000000"), "byol",
            Member.Licensing.BYOL, "1", "10.0.1.11");

    @Test
    void itIsATimerOnTheHealthMonitorScheduleAndListed() throws Exception {
        // Invoke
        Method run = HealthMonitorFunction.class.getMethod("run", String.class, ExecutionContext.class);

        // Verify
        assertEquals("health-monitor", run.getAnnotation(FunctionName.class).value());
        TimerTrigger trigger = (TimerTrigger) run.getParameterAnnotations()[0][0];
        assertEquals("timer", trigger.name());
        assertEquals("%HEALTH_MONITOR_SCHEDULE%", trigger.schedule());
        assertTrue(Functions.ALL.contains(HealthMonitorFunction.class));
    }

    @Test
    void aRunMarksTheSilentDeviceAndSaysSoInOneLogLine() {
        // Setup
        MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
        InMemoryHealthRecords health = new InMemoryHealthRecords();
        App app = App.builder(AppSettings.of(Map.of("BYOL_SCALING_GROUP_NAME", "byol", "HEARTBEAT_LOSS_COUNT", "3")))
                .clock(clock)
                .healthRecords(health)
                .scaleSets(new StaticScaleSets(List.of(A, B)))
                .build();
        app.heartbeats().handle(Heartbeat.minimal(A.vmId(), Duration.ofSeconds(30)), "setup");
        app.heartbeats().handle(Heartbeat.minimal(B.vmId(), Duration.ofSeconds(30)), "setup");
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(30));
            app.heartbeats().handle(Heartbeat.minimal(A.vmId(), Duration.ofSeconds(30)), "setup");
        }
        HttpMocks.Context log = new HttpMocks.Context();

        // Invoke
        new HealthMonitorFunction(app).run("{\"isPastDue\":false}", log.context);

        // Verify
        assertFalse(health.read(B.vmId()).orElseThrow().value().inSync());
        assertEquals(1, log.lines.size(), log.log());
        assertTrue(log.lines.get(0).getMessage().startsWith("cid=" + log.invocationId
                + " fn=health-monitor health-monitor records=2 members=2 unhealthy=[" + B.vmId() + "]"), log.log());
    }

    @Test
    void aFailedRunIsOneLogLineAndAFailedInvocation() {
        // Setup
        App app = App.builder(AppSettings.of(Map.of()))
                .healthRecords(new FailingRecords())
                .build();
        HttpMocks.Context log = new HttpMocks.Context();

        // Invoke / Verify
        assertThrows(StoreUnavailableException.class, () -> new HealthMonitorFunction(app).run("{}", log.context));
        assertEquals(1, log.lines.size(), log.log());
        assertTrue(log.log().contains("failed: com.fortinet.autoscale.domain.StoreUnavailableException: store down"),
                log.log());
    }

    /** Health records whose store is down. */
    private static final class FailingRecords implements HealthRecords {
        @Override
        public Optional<Versioned<HealthRecord>> read(VmId vmId) {
            throw new StoreUnavailableException("store down", null, null);
        }

        @Override
        public Versioned<HealthRecord> create(HealthRecord record) {
            throw new StoreUnavailableException("store down", null, null);
        }

        @Override
        public Versioned<HealthRecord> replace(HealthRecord record, String expectedVersion) {
            throw new StoreUnavailableException("store down", null, null);
        }

        @Override
        public List<Versioned<HealthRecord>> readAll() {
            throw new StoreUnavailableException("store down", null, null);
        }

        @Override
        public boolean delete(VmId vmId) {
            throw new StoreUnavailableException("store down", null, null);
        }
    }
}
