package com.fortinet.autoscale.domain.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Addresses as proxies write them, read as IP literals only. */
class CallerAddressTest {
    @Test
    void ipv4WithOrWithoutAPort() {
        assertEquals(Optional.of("10.0.1.4"), CallerAddress.canonical("10.0.1.4"));
        assertEquals(Optional.of("10.0.1.4"), CallerAddress.canonical(" 10.0.1.4:49152 "));
    }

    @Test
    void ipv4MappedIpv6IsTheIpv4Address() {
        assertEquals(Optional.of("10.0.1.4"), CallerAddress.canonical("::ffff:10.0.1.4"));
        assertEquals(Optional.of("10.0.1.4"), CallerAddress.canonical("[::FFFF:10.0.1.4]:443"));
        assertEquals(Optional.of("10.0.1.4"), CallerAddress.canonical("::ffff:a00:104"));
    }

    @Test
    void ipv6SpellingsOfOneAddressAreOne() {
        String canonical = CallerAddress.canonical("fd00::4").orElseThrow();

        assertEquals(Optional.of(canonical), CallerAddress.canonical("[FD00:0:0:0::4]:8443"));
        assertEquals(Optional.of(canonical), CallerAddress.canonical("fd00:0000::0004"));
        assertEquals(Optional.of(canonical), CallerAddress.canonical("fd00::4%eth0"));
    }

    @Test
    void anythingElseIsNoAddressAndNoNameIsLookedUp() {
        for (String text : new String[] {null, "", "localhost", "fortigate.internal", "10.0.1", "10.0.1.4:port",
                "[fd00::4", "[fd00::4]x", "unknown", "10.0.1.4:1:2:x", "300.0.0.1", "::g"}) {
            assertEquals(Optional.empty(), CallerAddress.canonical(text), String.valueOf(text));
        }
    }
}
