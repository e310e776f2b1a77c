package com.fortinet.autoscale.adapter.compute;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** How {@link AzureScaleSets} waits between listings: {@link #REAL} sleeps the thread; tests move a clock. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());

    void sleep(Duration duration) throws InterruptedException;
}
