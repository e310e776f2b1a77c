package com.fortinet.autoscale.functions;

import com.fortinet.autoscale.app.App;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.WarmupTrigger;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * {@code warmup}, the warm-up trigger: the Functions host calls it on a new instance of a scale-out before the
 * instance receives traffic (plans other than Consumption: Elastic Premium, including its pre-warmed
 * instances, and Dedicated). It builds every client (Cosmos DB, Blob Storage, Resource Manager), reads the
 * settings, checks the containers and warms the membership read, then logs one line saying what it did and
 * how long each step took. It never fails the instance: a step that failed is named in that line, and the
 * first request that needs that client starts it again.
 */
public class WarmupFunction {
    static final String NAME = "warmup";
    /** Longer than any client's first connection is allowed to take; the host waits for the function. */
    static final Duration WAIT = Duration.ofSeconds(60);

    private final Supplier<App> app;

    /** Used by the Functions host: the process's app (its clients already starting in the background). */
    public WarmupFunction() {
        this.app = App::get;
    }

    public WarmupFunction(App app) {
        this.app = () -> app;
    }

    @FunctionName(NAME)
    public void run(@WarmupTrigger(name = "warmupContext") Object warmupContext, ExecutionContext context) {
        TimerCall call = new TimerCall(NAME, context);
        try {
            call.info(app.get().warmUp(WAIT));
        } catch (RuntimeException e) {
            // building the app itself failed (a bad app setting): said once here, and again by each request
            call.failed(Level.SEVERE, "warm-up failed: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }
}
