package com.fortinet.autoscale.domain.lifecycle;

import static com.fortinet.autoscale.domain.health.HealthRecordBuilder.T0;
import static com.fortinet.autoscale.domain.health.HealthRecordBuilder.aHealthRecord;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.settings.Settings;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one rule for "left its scale set", as the health monitor and scaling events ask it. */
class DepartureTest {
    private static final Settings SETTINGS = Settings.defaults();
    private static final HealthRecord RECORD = aHealthRecord().interval(Duration.ofSeconds(30)).arrivedAt(T0).build();

    @Test
    void aMemberHasNotDepartedWhateverTheEvidence() {
        Set<VmId> members = Set.of(RECORD.vmId());
        assertFalse(Departure.hasDeparted(RECORD, members, Departure.Evidence.PLATFORM_EVENT, T0.plusSeconds(999), SETTINGS));
        assertFalse(Departure.hasDeparted(RECORD, members, Departure.Evidence.SILENCE, T0.plusSeconds(999), SETTINGS));
    }

    @Test
    void aNonMemberStillBeatingOnTimeHasNotDepartedOnSilenceAlone() {
        // next expected at 30 s, allowance 2 s: at 32 s nothing is missed yet
        assertFalse(Departure.hasDeparted(RECORD, Set.of(), Departure.Evidence.SILENCE, T0.plusSeconds(32), SETTINGS));
        assertTrue(Departure.hasDeparted(RECORD, Set.of(), Departure.Evidence.SILENCE, T0.plusSeconds(33), SETTINGS));
    }

    @Test
    void aPlatformEventIsEvidenceEnoughForANonMember() {
        assertTrue(Departure.hasDeparted(RECORD, Set.of(), Departure.Evidence.PLATFORM_EVENT, T0.plusSeconds(1), SETTINGS));
    }
}
