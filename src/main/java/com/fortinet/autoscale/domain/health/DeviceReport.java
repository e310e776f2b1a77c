package com.fortinet.autoscale.domain.health;

import java.time.Instant;

/**
 * What a FortiGate reported in its last accepted heartbeat beyond its interval; every value may be null
 * (older FortiOS sends none of them), and is kept as sent: {@code false} stays false, 0 stays 0.
 *
 * @param sequence     the device's heartbeat counter
 * @param deviceTime   the device clock
 * @param syncTime     last HA sync success
 * @param syncFailTime last HA sync failure
 * @param syncStatus   on a secondary: in sync with its primary
 * @param isPrimary    the device's own view of its role
 * @param checksum     HA configuration checksum
 */
public record DeviceReport(Long sequence, Instant deviceTime, Instant syncTime, Instant syncFailTime,
                           Boolean syncStatus, Boolean isPrimary, String checksum) {
    /** Nothing reported. */
    public static final DeviceReport NONE = new DeviceReport(null, null, null, null, null, null, null);

    /** What this heartbeat reports. */
    public static DeviceReport of(Heartbeat hb) {
        return new DeviceReport(hb.sequence(), hb.time(), hb.syncTime(), hb.syncFailTime(), hb.syncStatus(),
                hb.isPrimary(), hb.checksum());
    }
}
