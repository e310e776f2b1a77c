package com.fortinet.autoscale.domain.bootstrap;

import java.util.List;
import java.util.Optional;

/** FortiOS configuration fragments ("config sets") that bootstrap assembles (SPEC §5). */
public interface ConfigSets {
    /** The config set of that name from the asset store; empty when the store has none of that name. */
    Optional<String> read(String name);

    /** The operator's custom config sets, in name order. */
    List<Named> custom();

    /** A config set with its name. */
    record Named(String name, String content) {}
}
