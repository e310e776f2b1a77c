package com.fortinet.autoscale.domain.fortianalyzer;

import static com.fortinet.autoscale.domain.fortianalyzer.FazFixture.A;
import static com.fortinet.autoscale.domain.fortianalyzer.FazFixture.B;
import static com.fortinet.autoscale.domain.fortianalyzer.FazFixture.C;
import static com.fortinet.autoscale.domain.fortianalyzer.FazFixture.FOREIGN;
import static com.fortinet.autoscale.domain.fortianalyzer.FazFixture.SILENT;
import static com.fortinet.autoscale.domain.fortianalyzer.FazFixture.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.settings.NoValidSettingsException;
import com.fortinet.autoscale.domain.cluster.Member;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which FortiAnalyzer devices the reconciliation authorizes: the cluster's unauthorized ones, and only those. */
class FazAuthorizationServiceTest {

    @Test
    void theClustersUnauthorizedFortiGatesAreAuthorizedInOneCall() {
        FazFixture f = new FazFixture();
        f.faz.unauthorized(name(A), "FGVM01", A.privateIp()).unauthorized(name(C), "FGVM03", C.privateIp())
                .authorizedDevice(name(B), "FGVM02", B.privateIp());

        FazAuthorizationService.Outcome o = f.service.reconcile("cid-1");

        assertEquals(List.of(List.of(name(A), name(C))), f.faz.authorizeCalls());
        assertEquals(List.of(name(A), name(C)), o.authorized());
        assertEquals(Set.of(A.vmId(), B.vmId(), C.vmId()), o.authorizedMembers());
        assertEquals(1, o.alreadyAuthorized());
        assertEquals(0, f.faz.openSessions());
    }

    @Test
    void aDeviceNamedByItsFullVmIdStillClaimsItAndOneConnectingFromItsSecondNicIsTheMembers() {
        FazFixture f = new FazFixture(Map.of("fortigate-autoscale-virtual-network-cidr", "192.168.0.0/24"));
        Member twoNics = new Member(A.vmId(), A.scaleSet(), A.licensing(), A.instanceId(), A.privateIp(), List.of(
                new Member.NetworkInterface(0, List.of(A.privateIp()), null),
                new Member.NetworkInterface(1, List.of("10.0.2.40"), null)));
        f.scaleSets.add(twoNics);
        f.faz.add(new FazDevice(A.vmId().value(), A.vmId().hostname(), "FGVM01", "10.0.2.40", false));

        FazAuthorizationService.Outcome o = f.service.reconcile("cid-1");

        assertEquals(List.of(A.vmId().value()), o.authorized(), o.refused().toString());
    }

    @Test
    void devicesThatAreNotTheClustersAreLeftAlone() {
        FazFixture f = new FazFixture();
        f.faz.unauthorized(FOREIGN, "FGVM09", "10.0.1.9")
                .unauthorized("branch-office-fgt", "FGT60F", "10.0.1.10")
                .unauthorized(name(SILENT), "FGVM04", SILENT.privateIp());

        FazAuthorizationService.Outcome o = f.service.reconcile("cid-1");

        assertEquals(List.of(), f.faz.authorizeCalls());
        assertEquals(3, o.notInCluster());
        assertEquals(List.of(), o.refused());
    }

    @Test
    void aSecondRunAuthorizesNothingAndCallsNoAuthorize() {
        FazFixture f = new FazFixture();
        f.faz.unauthorized(name(A), "FGVM01", A.privateIp());
        f.service.reconcile("cid-1");

        FazAuthorizationService.Outcome again = f.service.reconcile("cid-2");

        assertEquals(1, f.faz.authorizeCalls().size());
        assertEquals(List.of(), again.authorized());
        assertEquals(1, again.alreadyAuthorized());
        assertEquals(Set.of(A.vmId()), again.authorizedMembers());
    }

    @Test
    void nothingIsAskedOfTheFortiAnalyzerWhileTheIntegrationIsOff() {
        FazFixture f = new FazFixture(Map.of("enable-fortianalyzer-integration", "false"));
        f.faz.unauthorized(name(A), "FGVM01", A.privateIp());

        FazAuthorizationService.Outcome o = f.service.reconcile("cid-1");

        assertFalse(o.enabled());
        assertEquals(0, f.faz.sessions());
    }

    @Test
    void twoDevicesClaimingOneVmIdAreBothRefused() {
        FazFixture f = new FazFixture();
        f.faz.unauthorized(name(A), "FGVM01", A.privateIp())
                .add(new FazDevice(A.vmId().value().toUpperCase(), null, "FGVM99", "10.0.1.99", false));

        FazAuthorizationService.Outcome o = f.service.reconcile("cid-1");

        assertEquals(List.of(), f.faz.authorizeCalls());
        assertEquals(2, o.refused().size());
        assertTrue(o.refused().get(0).reason().contains("2 devices"), o.refused().get(0).reason());
    }

    @Test
    void anUnauthorizedImpostorOfAnAuthorizedMemberIsRefused() {
        FazFixture f = new FazFixture();
        f.faz.authorizedDevice(name(B), "FGVM02", B.privateIp())
                .add(new FazDevice(name(B).toUpperCase(), name(B), "FGVM66", "10.0.1.66", false));

        FazAuthorizationService.Outcome o = f.service.reconcile("cid-1");

        assertEquals(List.of(), f.faz.authorizeCalls());
        assertEquals(1, o.refused().size());
        assertEquals(1, o.alreadyAuthorized());
    }

    @Test
    void aDeviceConnectingFromOutsideTheClustersNetworkIsRefused() {
        FazFixture f = new FazFixture();
        f.faz.unauthorized(name(A), "FGVM01", "192.168.7.7");

        FazAuthorizationService.Outcome o = f.service.reconcile("cid-1");

        assertEquals(List.of(), f.faz.authorizeCalls());
        assertEquals(1, o.refused().size());
        assertTrue(o.refused().get(0).reason().contains("192.168.7.7"), o.refused().get(0).reason());
    }

    @Test
    void aSecondNicAddressInsideTheNetworkIsAccepted() {
        FazFixture f = new FazFixture();
        f.faz.unauthorized(name(A), "FGVM01", "10.0.2.4");

        f.service.reconcile("cid-1");

        assertEquals(List.of(List.of(name(A))), f.faz.authorizeCalls());
    }

    @Test
    void withoutANetworkSettingOnlyTheMembersOwnIpIsAccepted() {
        FazFixture f = new FazFixture(Map.of("fortigate-autoscale-virtual-network-cidr", ""));
        f.faz.unauthorized(name(A), "FGVM01", A.privateIp()).unauthorized(name(C), "FGVM03", "10.0.2.6");

        FazAuthorizationService.Outcome o = f.service.reconcile("cid-1");

        assertEquals(List.of(List.of(name(A))), f.faz.authorizeCalls());
        assertEquals(1, o.refused().size());
    }

    @Test
    void anUnparsableNetworkSettingIsRejectedWhenTheSettingsLoadAndNothingIsAuthorized() {
        FazFixture f = new FazFixture(Map.of("fortigate-autoscale-virtual-network-cidr", "10.0.0.0/99"));
        f.faz.unauthorized(name(A), "FGVM01", A.privateIp()).unauthorized(name(C), "FGVM03", "10.0.2.6");

        NoValidSettingsException e = assertThrows(NoValidSettingsException.class, () -> f.service.reconcile("cid-1"));

        assertTrue(e.getMessage().contains("fortigate-autoscale-virtual-network-cidr"), e.getMessage());
        assertEquals(List.of(), f.faz.authorizeCalls());
    }

    @Test
    void aDeviceWithoutSerialNumberOrIpIsRefused() {
        FazFixture f = new FazFixture();
        f.faz.unauthorized(name(A), null, A.privateIp()).unauthorized(name(C), "FGVM03", null);

        FazAuthorizationService.Outcome o = f.service.reconcile("cid-1");

        assertEquals(List.of(), f.faz.authorizeCalls());
        assertEquals(2, o.refused().size());
    }

    @Test
    void aHostnameThatDisagreesWithTheNameClaimsNothing() {
        FazFixture f = new FazFixture();
        f.faz.add(new FazDevice(name(A), "some-other-host", "FGVM01", A.privateIp(), false));

        FazAuthorizationService.Outcome o = f.service.reconcile("cid-1");

        assertEquals(List.of(), f.faz.authorizeCalls());
        assertEquals(1, o.notInCluster());
    }

    @Test
    void aMemberIsMatchedOnceItHasSentAHeartbeat() {
        FazFixture f = new FazFixture();
        f.faz.unauthorized(name(SILENT), "FGVM04", SILENT.privateIp());
        f.service.reconcile("cid-1");
        f.heartbeat(SILENT);

        f.service.reconcile("cid-2");

        assertEquals(List.of(List.of(name(SILENT))), f.faz.authorizeCalls());
    }

    @Test
    void aScaledInMemberIsNoLongerMatched() {
        FazFixture f = new FazFixture();
        f.scaleSets.remove(A.vmId());
        f.faz.unauthorized(name(A), "FGVM01", A.privateIp());

        f.service.reconcile("cid-1");

        assertEquals(List.of(), f.faz.authorizeCalls());
    }

    @Test
    void aFortiAnalyzerFailureReachesTheCallerUnchanged() {
        FazFixture f = new FazFixture();
        FortiAnalyzerRejectedException refused = new FortiAnalyzerRejectedException("/dvmdb/device", -11, "No permission");
        f.faz.failWith(refused);

        FortiAnalyzerRejectedException e = assertThrows(FortiAnalyzerRejectedException.class,
                () -> f.service.reconcile("cid-1"));

        assertSame(refused, e);
    }
}
