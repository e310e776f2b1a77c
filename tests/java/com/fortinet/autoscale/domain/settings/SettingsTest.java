package com.fortinet.autoscale.domain.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.memory.InMemorySettingsStore;
import com.fortinet.autoscale.support.LogCapture;
import com.fortinet.autoscale.support.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsAreThoseOfTheSpec() {
        Settings s = Settings.defaults();
        assertEquals(Duration.ofSeconds(30), s.heartbeatInterval());
        assertEquals(Duration.ofSeconds(2), s.heartbeatDelayAllowance());
        assertEquals(10, s.heartbeatLossCount());
        assertEquals(3, s.syncRecoveryCount());
        assertFalse(s.terminateUnhealthyVm());
        assertEquals(Optional.of("port1"), s.text(SettingKey.FORTIGATE_SYNC_INTERFACE));
        assertEquals(8443, s.port(SettingKey.FORTIGATE_ADMIN_PORT));
        assertEquals(443, s.port(SettingKey.FORTIGATE_TRAFFIC_PORT));
        assertEquals(Optional.of("ALL"), s.text(SettingKey.FORTIGATE_TRAFFIC_PROTOCOL));
        assertTrue(s.flag(SettingKey.ENABLE_SECOND_NIC));
        assertFalse(s.flag(SettingKey.ENABLE_INTERNAL_ELB));
        assertFalse(s.flag(SettingKey.ENABLE_EXTRA_PORTS));
        assertFalse(s.flag(SettingKey.ENABLE_FORTIANALYZER_INTEGRATION));
        assertEquals(Optional.of("fortigate-autoscale"), s.text(SettingKey.ASSET_STORAGE_NAME));
        assertEquals(Optional.of("assets"), s.text(SettingKey.ASSET_STORAGE_KEY_PREFIX));
        assertEquals(Optional.of("license-files"), s.text(SettingKey.LICENSE_FILE_DIRECTORY));
        assertEquals(Optional.empty(), s.text(SettingKey.AUTOSCALE_HANDLER_URL));
    }

    @Test
    void theAllowanceMayBeFractionalOrZero() {
        Settings s = Settings.from(Map.of("heartbeat-delay-allowance", "0.5"));
        assertEquals(Duration.ofMillis(500), s.heartbeatDelayAllowance());
        assertEquals(Optional.of("0.5"), s.text(SettingKey.HEARTBEAT_DELAY_ALLOWANCE));
        assertEquals(Duration.ZERO, Settings.from(Map.of("heartbeat-delay-allowance", "0")).heartbeatDelayAllowance());
    }

    @Test
    void theHeartbeatIntervalIsWholeSecondsBecauseFortiOsHbIntervalIs() {
        assertEquals(Optional.of("45"), Settings.from(Map.of("heartbeat-interval", "45.0")).text(SettingKey.HEARTBEAT_INTERVAL));
        for (String bad : List.of("0.5", "30.5", "0", "-1", "thirty")) {
            InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                    () -> Settings.from(Map.of("heartbeat-interval", bad)));
            assertEquals(List.of("heartbeat-interval: expected a whole number of seconds"
                    + (bad.equals("thirty") ? "" : " greater than 0") + ", got '" + bad + "'"), e.problems());
        }
    }

    @Test
    void theTrafficProtocolIsAFortiOsServiceName() {
        assertEquals(Optional.of("ALL_TCP"), Settings.from(Map.of("fortigate-traffic-protocol", "tcp"))
                .text(SettingKey.FORTIGATE_TRAFFIC_PROTOCOL));
        assertEquals(Optional.of("ALL"), Settings.defaults().text(SettingKey.FORTIGATE_TRAFFIC_PROTOCOL));
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> Settings.from(Map.of("fortigate-traffic-protocol", "HTTPS")));
        assertEquals(List.of("fortigate-traffic-protocol: expected ALL, TCP or UDP, got 'HTTPS'"), e.problems());
    }

    @Test
    void everyBadValueIsReportedByNameAndNoDefaultIsUsedInstead() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> Settings.from(Map.of(
                "heartbeat-loss-count", "ten", "heartbeat-interval", "0", "enable-second-nic", "yes",
                "fortigate-admin-port", "70000", "additional-configset-name-list", "ok, not/ok")));
        assertEquals(5, e.problems().size(), e.getMessage());
        for (String key : List.of("heartbeat-loss-count", "heartbeat-interval", "enable-second-nic",
                "fortigate-admin-port", "additional-configset-name-list")) {
            assertTrue(e.getMessage().contains(key + ":"), key + " in " + e.getMessage());
        }
    }

    @Test
    void aBadSecretIsNamedButNotShown() {
        assertEquals("fortigate-psk-secret", SettingKey.FORTIGATE_PSK_SECRET.key());
        assertTrue(SettingKey.FORTIGATE_PSK_SECRET.isSecret());
        assertFalse(Settings.from(Map.of("fortigate-psk-secret", "hunter2")).toString().contains("hunter2"));
        // the handler URL carries the function key
        assertFalse(Settings.from(Map.of("autoscale-handler-url", "https://fn/api/x?code=k3y")).toString().contains("k3y"));
    }

    @Test
    void appSettingNamesAreUpperSnakeCase() {
        assertEquals("HEARTBEAT_INTERVAL", SettingKey.HEARTBEAT_INTERVAL.appSettingName());
        assertEquals("FORTIGATE_AUTOSCALE_VIRTUAL_NETWORK_CIDR",
                SettingKey.FORTIGATE_AUTOSCALE_VIRTUAL_NETWORK_CIDR.appSettingName());
    }

    @Test
    void thePreferredPrimaryGroupFallsBackFromTheSettingToByolToPayg() {
        assertEquals(Optional.empty(), Settings.defaults().preferredPrimaryGroup());
        assertEquals(Optional.of("p"), Settings.from(Map.of("payg-scaling-group-name", "p")).preferredPrimaryGroup());
        assertEquals(Optional.of("b"), Settings.from(Map.of("payg-scaling-group-name", "p",
                "byol-scaling-group-name", "b")).preferredPrimaryGroup());
        assertEquals(Optional.of("p"), Settings.from(Map.of("payg-scaling-group-name", "p",
                "byol-scaling-group-name", "b", "primary-scaling-group-name", "p")).preferredPrimaryGroup());
    }

    @Test
    void theProviderRereadsTheStoreOnlyAfterItsTtl() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        InMemorySettingsStore store = new InMemorySettingsStore(Map.of("heartbeat-loss-count", "5"));
        SettingsProvider provider = new SettingsProvider(store, clock, Duration.ofSeconds(30));
        assertEquals(5, provider.current().heartbeatLossCount());
        store.put("heartbeat-loss-count", "7");
        clock.advanceSeconds(29);
        assertEquals(5, provider.current().heartbeatLossCount());
        clock.advanceSeconds(1);
        assertEquals(7, provider.current().heartbeatLossCount());
    }

    @Test
    void aBadEditKeepsTheLastGoodSettingsButABadFirstLoadFails() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        InMemorySettingsStore store = new InMemorySettingsStore(Map.of("heartbeat-loss-count", "5"));
        SettingsProvider provider = new SettingsProvider(store, clock, Duration.ofSeconds(30));
        provider.current();
        store.put("heartbeat-loss-count", "-1");
        clock.advanceSeconds(31);
        assertEquals(5, provider.current().heartbeatLossCount());
        assertTrue(provider.problems().get(0).startsWith("heartbeat-loss-count"), provider.problems().toString());
        SettingsProvider fresh = new SettingsProvider(store, clock, Duration.ofSeconds(30));
        NoValidSettingsException e = assertThrows(NoValidSettingsException.class, fresh::current);
        assertTrue(e.getMessage().contains("heartbeat-loss-count"));
    }

    @Test
    void durationsAreParsedExactlyOrRejected() {
        assertBad("heartbeat-interval", "1e10", "expected at most");
        assertBad("heartbeat-delay-allowance", "1e-10", "9 decimal places");
        assertEquals(Duration.ofMillis(1500), Settings.from(Map.of("heartbeat-delay-allowance", "1.5"))
                .heartbeatDelayAllowance());
        assertEquals(Duration.ofNanos(1), Settings.from(Map.of("heartbeat-delay-allowance", "0.000000001"))
                .heartbeatDelayAllowance());
    }

    @Test
    void aDurationBeyondTheNanosecondsOfALongIsRejectedNotWrapped() {
        // 2^64 ns + 2 s: a conversion that wraps would read it as 2 s, inside the allowance's range
        assertBad("heartbeat-delay-allowance", "18446744075.709551616", "expected at most");
        assertBad("heartbeat-delay-allowance", "1e10", "expected at most");
        assertBad("empty-scale-set-confirmation", "1e10", "expected at most");
    }

    @Test
    void aBadEditIsLoggedSevereNamingTheKey() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        InMemorySettingsStore store = new InMemorySettingsStore(Map.of("heartbeat-loss-count", "5"));
        SettingsProvider provider = new SettingsProvider(store, clock, Duration.ofSeconds(30));
        provider.current();
        store.put("heartbeat-loss-count", "1e3");
        clock.advanceSeconds(31);
        try (LogCapture logs = LogCapture.start()) {
            assertEquals(5, provider.current().heartbeatLossCount());
            SimpleFormatter text = new SimpleFormatter();
            List<String> severe = logs.records().stream()
                    .filter(r -> r.getLevel() == Level.SEVERE
                            && r.getLoggerName().equals(SettingsProvider.class.getName()))
                    .map(text::formatMessage)
                    .toList();
            assertTrue(severe.stream().anyMatch(line -> line.contains("heartbeat-loss-count")
                    && line.contains("last good")), severe.toString());
        }
    }

    @Test
    void rangesAreEnforcedAndNamed() {
        assertBad("heartbeat-delay-allowance", "301", "0 to 300 seconds");
        assertBad("heartbeat-loss-count", "0", "1");
        assertBad("heartbeat-loss-count", "101", "1 to 100");
        assertBad("sync-recovery-count", "101", "1 to 100");
        assertBad("heartbeat-interval", "3601", "1 to 3600 seconds");
        assertBad("unhealthy-vm-termination-budget", "-1", "0 or more");
        assertEquals(0, Settings.from(Map.of("unhealthy-vm-termination-budget", "0")).terminationBudget());
        assertEquals(1, Settings.defaults().terminationBudget());
    }

    @Test
    void cidrAndPortSettingsAreValidated() {
        assertBad("fortigate-autoscale-virtual-network-cidr", "10.0.0.0", "IPv4 network");
        assertBad("fortigate-autoscale-virtual-network-cidr", "10.0.0.300/16", "IPv4 network");
        assertBad("fortigate-autoscale-virtual-network-cidr", "10.0.0.0/33", "prefix length");
        assertBad("fortigate-admin-port", "70000", "port");
        assertEquals("10.1.0.0/16", Settings.from(Map.of("fortigate-autoscale-virtual-network-cidr", "10.1.0.0/16"))
                .text(SettingKey.FORTIGATE_AUTOSCALE_VIRTUAL_NETWORK_CIDR).orElseThrow());
    }

    private static void assertBad(String key, String value, String expected) {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> Settings.from(Map.of(key, value)));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).startsWith(key + ":") && e.problems().get(0).contains(expected),
                e.problems().toString());
    }
}
