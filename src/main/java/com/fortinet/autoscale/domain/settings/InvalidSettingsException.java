package com.fortinet.autoscale.domain.settings;

import java.util.List;

/** One or more settings hold a value of the wrong form; the message names every bad key. */
public final class InvalidSettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public InvalidSettingsException(List<String> problems) {
        super("invalid settings: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
