package com.fortinet.autoscale.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every {@code java.util.logging} record that reaches the root logger while it is open: what a handler of the
 * Functions worker or the local runner's console would be given, after the loggers' levels have filtered it.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *     ... requests ...
 *     assertEquals("", logs.stackTracesAndSdkErrors());
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {
    /** Loggers whose records are the product's own lines. */
    private static final List<String> PRODUCT = List.of("com.fortinet.", "autoscale.", "Function.");

    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private LogCapture() {
        handler.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(handler);
    }

    /** Starts capturing at the root logger. */
    public static LogCapture start() {
        return new LogCapture();
    }

    public List<LogRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /**
     * The records that must not reach a log for expected outcomes, one paragraph each (level, logger, message and
     * the stack trace): any record carrying a stack trace, and any SEVERE record of a logger that is not the
     * product's (an SDK's). Empty when there are none.
     */
    public String stackTracesAndSdkErrors() {
        StringBuilder sb = new StringBuilder();
        for (LogRecord r : records()) {
            boolean sdkError = r.getLevel().intValue() >= Level.SEVERE.intValue() && !isProduct(r.getLoggerName());
            if (r.getThrown() != null || sdkError) {
                sb.append(describe(r)).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * The records of loggers that are not the product's (the SDKs') at INFO or above, one paragraph each. Empty
     * when only the product's own lines reached the log.
     */
    public String sdkLines() {
        StringBuilder sb = new StringBuilder();
        for (LogRecord r : records()) {
            if (r.getLevel().intValue() >= Level.INFO.intValue() && !isProduct(r.getLoggerName())) {
                sb.append(describe(r)).append('\n');
            }
        }
        return sb.toString();
    }

    static boolean isProduct(String loggerName) {
        return loggerName != null && PRODUCT.stream().anyMatch(loggerName::startsWith);
    }

    private static String describe(LogRecord r) {
        StringBuilder sb = new StringBuilder()
                .append(r.getLevel()).append(' ').append(r.getLoggerName()).append(": ").append(r.getMessage());
        if (r.getThrown() != null) {
            StringWriter trace = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(trace));
            // The first lines say where it came from; the whole trace would bury the message.
            trace.toString().lines().limit(6).forEach(l -> sb.append("\n    ").append(l));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
    }
}
