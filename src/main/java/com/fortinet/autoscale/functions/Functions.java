package com.fortinet.autoscale.functions;

import java.util.List;

/** Every class holding {@code @FunctionName} entry points: what the local runner serves. */
public final class Functions {
    private Functions() {}

    public static final List<Class<?>> ALL = List.of(
            FgtAsHandlerFunction.class,
            ClusterStatusFunction.class,
            FazAuthHandlerFunction.class,
            FazAuthSchedulerFunction.class,
            ByolLicenseFunction.class,
            HealthMonitorFunction.class,
            WarmupFunction.class);
}
