package com.fortinet.autoscale.functions;

import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.domain.lifecycle.HealthMonitor;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * {@code health-monitor}, a timer on the NCRONTAB schedule of the {@code HEALTH_MONITOR_SCHEDULE} app
 * setting (default every minute; SPEC §3, §4, §6): marks silent FortiGates out-of-sync and notifies,
 * terminates them when {@code terminate-unhealthy-vm} is set, removes the records and releases the
 * licenses of FortiGates no longer in any scale set, and elects a primary when the current one is lost.
 * Writes one log line saying what it did.
 */
public class HealthMonitorFunction {
    static final String NAME = "health-monitor";

    private final Supplier<App> app;

    /** Used by the Functions host: the process's app. */
    public HealthMonitorFunction() {
        this.app = App::get;
    }

    public HealthMonitorFunction(App app) {
        this.app = () -> app;
    }

    @FunctionName(NAME)
    public void run(
            @TimerTrigger(name = "timer", schedule = "%HEALTH_MONITOR_SCHEDULE%") String timerInfo,
            ExecutionContext context) {
        TimerCall call = new TimerCall(NAME, context);
        try {
            HealthMonitor.Report report = app.get().healthMonitor().run(call.cid());
            call.info(report.line());
        } catch (RuntimeException e) {
            // One line here; rethrown so the host counts a failed invocation. The next run retries.
            call.failed(Level.SEVERE, "failed: " + e);
            throw e;
        }
    }
}
