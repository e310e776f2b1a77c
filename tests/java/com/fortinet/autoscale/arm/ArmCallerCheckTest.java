package com.fortinet.autoscale.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A deployed cluster checks that a FortiGate speaks only for itself (README, Security). */
class ArmCallerCheckTest {
    @Test
    void theTemplateTurnsTheCallerAddressCheckOn() {
        // Invoke
        Map<String, Object> settings = ArmDeployment.withExampleParameters(Map.of()).appSettings();

        // Verify
        assertEquals("true", String.valueOf(settings.get("VERIFY_CALLER_IP")));
    }
}
