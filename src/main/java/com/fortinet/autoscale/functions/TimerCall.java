package com.fortinet.autoscale.functions;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One invocation of a function that no HTTP caller waits for (a timer, the warm-up): its correlation id,
 * its logger, its start, and log lines that all carry {@code cid=} and {@code fn=}. The timers' shared
 * plumbing, as {@link Call} is the HTTP functions'.
 */
final class TimerCall {
    private final String function;
    private final Logger log;
    private final String cid;
    private final long started = System.nanoTime();

    TimerCall(String function, ExecutionContext context) {
        this.function = function;
        this.log = context.getLogger() != null ? context.getLogger() : Logger.getLogger(function);
        this.cid = correlationId(context);
    }

    /** The invocation id the host gave, else a fresh one: every line of one run shares it. */
    static String correlationId(ExecutionContext context) {
        String id = context.getInvocationId();
        return id == null || id.isBlank() ? UUID.randomUUID().toString() : id;
    }

    String cid() {
        return cid;
    }

    /** Milliseconds since the invocation started. */
    long millis() {
        return (System.nanoTime() - started) / 1_000_000;
    }

    void info(String message) {
        log.info(line(message));
    }

    /** A failure in one line: never a stack trace, only what {@code what} says about it. */
    void failed(Level level, String what) {
        log.log(level, line(Call.oneLine(what)));
    }

    private String line(String message) {
        return "cid=" + cid + " fn=" + function + " " + message;
    }
}
