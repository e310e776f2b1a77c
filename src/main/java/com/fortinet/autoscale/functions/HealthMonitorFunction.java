package com.fortinet.autoscale.functions;

import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.domain.lifecycle.HealthMonitor;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

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
        Logger log = context.getLogger() != null ? context.getLogger() : Logger.getLogger(NAME);
        String id = context.getInvocationId();
        String cid = id == null || id.isBlank() ? UUID.randomUUID().toString() : id;
        try {
            HealthMonitor.Report report = app.get().healthMonitor().run(cid);
            log.info("cid=" + cid + " fn=" + NAME + " " + report.line());
        } catch (RuntimeException e) {
            // One line here; rethrown so the host counts a failed invocation. The next run retries.
            log.log(Level.SEVERE, "cid=" + cid + " fn=" + NAME + " failed: " + Call.oneLine(e.toString()));
            throw e;
        }
    }
}
