package com.fortinet.autoscale.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * What reaches the log, in one place: the product's own lines (the per-request line with {@code cid=}, the
 * notifications, the warnings and errors it decides to report), and from the SDKs only what an operator must act on.
 *
 * <p>The Azure SDKs log through SLF4J, bound to {@code java.util.logging} (slf4j-jdk14), so their loggers are
 * {@code java.util.logging} loggers named after their packages. Left at the root's INFO they flood the log: the
 * Cosmos DB SDK logs every 404, 409 and 412 — an absent record, a lost race, a stale version, all expected outcomes
 * the adapters turn into return values or typed domain exceptions — as an error with a stack trace. Levels set here:
 *
 * <ul>
 *   <li>{@code com.azure}: WARNING. One line, no stack trace (azure-core adds the trace only at verbose levels):
 *       a credential or configuration the operator must fix, e.g. a managed identity that is missing a role.</li>
 *   <li>{@code com.azure.cosmos}: OFF. Its errors are the expected outcomes above, its warnings describe its own
 *       start-up; every failed operation reaches the Cosmos adapter as an exception, and the product reports the
 *       ones that matter once (a 503 line with {@code cid=} when the store is unavailable).</li>
 *   <li>{@code com.microsoft.aad.msal4j}: OFF. Token failures, with stack traces, that azure-identity also reports
 *       in one WARNING line under {@code com.azure.identity}.</li>
 *   <li>{@code reactor}, {@code io.netty}: OFF. Transport events (a connection reset, an error dropped after a
 *       timeout cancelled an operation) that reach the product as that operation's failure.</li>
 * </ul>
 *
 * <p>A level that a {@code java.util.logging} configuration file names (for example
 * {@code com.azure.cosmos.level=FINE} in the file {@code -Djava.util.logging.config.file} points at) wins, so the SDKs
 * can still be heard when diagnosing. On Azure, {@code host.json} sets the host's categories; it cannot tell an
 * SDK's line from the product's on the worker's console ({@code Host.Function.Console}), hence this class.
 */
public final class LoggingPolicy {
    /** The SDK logger families and their levels, most general first. */
    static final Map<String, Level> SDK_LEVELS = orderedLevels();

    // java.util.logging keeps loggers weakly: a level set on a logger nobody references is lost when it is collected.
    private static final List<Logger> CONFIGURED = new ArrayList<>();

    private LoggingPolicy() {}

    private static Map<String, Level> orderedLevels() {
        Map<String, Level> m = new LinkedHashMap<>();
        m.put("com.azure", Level.WARNING);
        m.put("com.azure.cosmos", Level.OFF);
        m.put("com.microsoft.aad.msal4j", Level.OFF);
        m.put("reactor", Level.OFF);
        m.put("io.netty", Level.OFF);
        return Collections.unmodifiableMap(m);
    }

    /**
     * Sets the SDK loggers' levels; called by the composition root and the local runner before any SDK client is
     * built. Cheap and idempotent.
     */
    public static void apply() {
        LogManager manager = LogManager.getLogManager();
        apply(name -> manager.getProperty(name + ".level") != null);
    }

    /** Sets the levels of the families for which {@code configured} is false. */
    static void apply(Predicate<String> configured) {
        synchronized (CONFIGURED) {
            CONFIGURED.clear();
            SDK_LEVELS.forEach((name, level) -> {
                Logger logger = Logger.getLogger(name);
                if (!configured.test(name)) {
                    logger.setLevel(level);
                }
                CONFIGURED.add(logger);
            });
        }
    }
}
