package com.fortinet.autoscale.domain.fortianalyzer;

import java.util.List;
import java.util.function.Function;

/**
 * The FortiAnalyzer that the cluster's FortiGates log to: its device list, and authorizing devices that
 * wait for it. Work happens in one authenticated session that always ends, whatever the work did.
 */
public interface FortiAnalyzer {
    /**
     * Logs in, runs {@code work} in that session, and logs out (also when {@code work} throws).
     *
     * @throws FortiAnalyzerException when the FortiAnalyzer cannot be reached or refuses a call
     */
    <T> T inSession(Function<Session, T> work);

    /** One authenticated FortiAnalyzer session. */
    interface Session {
        /** Every device the FortiAnalyzer knows, authorized or waiting for authorization. */
        List<FazDevice> devices();

        /** Authorizes these devices (in the {@code root} ADOM); returns when the FortiAnalyzer accepted them. */
        void authorize(List<FazDevice> devices);
    }
}
