package com.fortinet.autoscale.domain.settings;

import java.util.List;

/**
 * The autoscale settings in the store fail validation and this process has no good settings to keep
 * using: device endpoints answer 503 naming the key until an operator fixes it, and {@code cluster-status}
 * lists the problem.
 */
public final class NoValidSettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public NoValidSettingsException(InvalidSettingsException cause) {
        super("autoscale settings are invalid, fix them in the settings store: " + String.join("; ", cause.problems()),
                cause);
        this.problems = cause.problems();
    }

    /** Each bad key with what was expected (secrets never shown). */
    public List<String> problems() {
        return problems;
    }
}
