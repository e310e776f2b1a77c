package com.fortinet.autoscale.functions;

import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.domain.fortianalyzer.FazAuthorizationService;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * {@code faz-auth-scheduler}, a timer on {@code %FAZ_AUTH_SCHEDULE%} (default every 12 minutes): the same
 * FortiAnalyzer reconciliation as {@code faz-auth-handler}, run directly. Does nothing while
 * {@code enable-fortianalyzer-integration} is false. A FortiAnalyzer that is down is logged and tried again on
 * the next tick; the function itself never fails.
 */
public class FazAuthSchedulerFunction {
    static final String NAME = "faz-auth-scheduler";

    private final Supplier<App> app;

    /** Used by the Functions host: the process's app. */
    public FazAuthSchedulerFunction() {
        this.app = App::get;
    }

    public FazAuthSchedulerFunction(App app) {
        this.app = () -> app;
    }

    @FunctionName(NAME)
    public void run(
            @TimerTrigger(name = "timer", schedule = "%FAZ_AUTH_SCHEDULE%") String timerInfo,
            ExecutionContext context) {
        TimerCall call = new TimerCall(NAME, context);
        try {
            FazAuthorizationService.Outcome o = app.get().fazAuthorization().reconcile(call.cid());
            call.info("enabled=" + o.enabled() + " authorized=" + o.authorized().size()
                    + " already=" + o.alreadyAuthorized() + " refused=" + o.refused().size() + " ms=" + call.millis());
        } catch (RuntimeException e) {
            call.failed(Level.WARNING, "failed, the next run retries: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }
}
