package com.fortinet.autoscale.adapter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.StoreUnavailableException;
import com.fortinet.autoscale.support.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalScaleSetsFileTest {
    private static final VmId A = VmId.of("11111111-1111-4111-8111-111111111111");
    private static final VmId B = VmId.of("22222222-2222-4222-8222-222222222222");

    @Test
    void anInstanceMayListItsNicsAndItsIpDefaultsToTheFirstNics() {
        Map<VmId, Member> members = LocalScaleSetsFile.parse("""
                {"scaleSets":[{"name":"byol","licensing":"byol","instances":[
                  {"vmId":"%s","networkInterfaces":[
                    {"privateIp":"10.0.1.4","subnetId":"/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/ext"},
                    {"privateIp":"10.0.2.4"}]},
                  {"vmId":"%s","privateIp":"10.0.1.5"}]}]}""".formatted(A, B));

        Member a = members.get(A);
        assertEquals("10.0.1.4", a.privateIp());
        assertEquals(List.of("10.0.1.4", "10.0.2.4"), a.privateIps());
        assertEquals(Optional.of("/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v"),
                a.virtualNetworkId());
        assertEquals(List.of("10.0.1.5"), members.get(B).privateIps());
        assertEquals("0", a.instanceId());
        assertEquals("1", members.get(B).instanceId());
    }

    @Test
    void theDemoClusterHasTwoNicsPerFortiGateInTheDemoNetwork() {
        Member first = DemoCluster.members().get(0);

        assertEquals("10.0.1.4", first.privateIp());
        assertEquals(List.of("10.0.1.4", "10.0.2.4"), first.privateIps());
        assertEquals(Optional.of(DemoCluster.VNET), first.virtualNetworkId());
        assertEquals(Optional.of(DemoCluster.VNET + "/subnets/fortigate-external"), first.subnetId());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"scaleSet\":[]}                                                              | the file: unknown key 'scaleSet' (expected scaleSets)",
        "{\"scaleSets\":[{\"name\":\"b\",\"instances\":[]}]}                        | scaleSets[0].licensing: missing",
        "{\"scaleSets\":[{\"name\":\"b\",\"licensing\":\"free\",\"instances\":[]}]} | scaleSets[0].licensing: expected \"byol\" or \"payg\", got 'free'",
        "{\"scaleSets\":[{\"name\":\"b\",\"licensing\":\"byol\",\"instances\":[{\"vmId\":\"11111111-1111-4111-8111-111111111111\"}]}]} | scaleSets[0].instances[0]: missing privateIp (or networkInterfaces[0].privateIp)",
        "{\"scaleSets\":[{\"name\":\"b\",\"licensing\":\"byol\",\"instances\":[{\"vmid\":\"x\"}]}]} | scaleSets[0].instances[0]: unknown key 'vmid' (expected instanceId, networkInterfaces, privateIp, vmId)",
        "{\"scaleSets\":[{\"name\":\"b\",\"licensing\":\"byol\",\"instances\":[{\"vmId\":\"x\",\"privateIp\":\"10.0.1.4\"}]}]} | scaleSets[0].instances[0].vmId: expected a VM GUID, got 'x'",
        "{\"scaleSets\":[{\"name\":\"b\",\"licensing\":\"byol\",\"instances\":[{\"vmId\":\"11111111-1111-4111-8111-111111111111\",\"privateIp\":\"10.0.1\"}]}]} | scaleSets[0].instances[0].privateIp: expected an IPv4 address, got '10.0.1'",
        "{\"scaleSets\":[                                                                | not valid JSON"
    })
    void aMistakeIsNamedWithItsPathInTheFile(String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalScaleSetsFile.parse(json));
        assertTrue(e.getMessage().startsWith(expected.strip()), e.getMessage());
    }

    @Test
    void aFileBrokenFromTheStartIsUnavailableNotAnEmptyCluster(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sets.json");
        Files.writeString(file, "{\"scaleSets\":[");
        LocalScaleSetsFile sets = new LocalScaleSetsFile(file);

        assertThrows(StoreUnavailableException.class, sets::members);
        assertThrows(StoreUnavailableException.class, () -> sets.find(A));
    }

    @Test
    void aFileBrokenOrEmptiedLaterKeepsTheCopyReadBefore(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sets.json");
        String good = "{\"scaleSets\":[{\"name\":\"byol\",\"licensing\":\"byol\",\"instances\":["
                + "{\"vmId\":\"" + A.value() + "\",\"privateIp\":\"10.0.1.4\"}]}]}";
        Files.writeString(file, good);
        LocalScaleSetsFile sets = new LocalScaleSetsFile(file);
        assertEquals(1, sets.members().size());

        Files.writeString(file, "{\"scaleSets\":[{\"name\":");
        assertEquals(Optional.of("10.0.1.4"), sets.find(A).map(Member::privateIp), "a half-written file changes nothing");
        Files.writeString(file, "");
        assertEquals(1, sets.members().size(), "an emptied file is no scale-in");
    }

    @Test
    void aSetThatSuddenlyListsNoInstanceKeepsItsMembersUntilReadsThatFarApartAgree(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("sets.json");
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        write(file, set("byol", "byol", A, B) + "," + set("payg", "payg", C));
        LocalScaleSetsFile sets = new LocalScaleSetsFile(file, () -> Duration.ofSeconds(300), clock);
        assertEquals(3, sets.members().size());

        write(file, set("byol", "byol") + "," + set("payg", "payg", C));
        assertEquals(Optional.of("byol"), sets.find(A).map(Member::scaleSet), "a set emptied at once is no scale-in");
        assertEquals(3, sets.members().size());
        write(file, "");
        assertEquals(3, sets.members().size(), "no scale set at all: nothing new either");
        clock.advance(Duration.ofSeconds(200));
        assertEquals(3, sets.members().size());

        clock.advance(Duration.ofSeconds(101));
        assertEquals(List.of(), sets.members(), "reads 300 s apart agree: the sets really scaled to zero");
        assertEquals(Optional.empty(), sets.find(A));
    }

    @Test
    void aMemberRemovedFromASetThatKeepsOthersIsScaledInAtOnce(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sets.json");
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        write(file, set("byol", "byol", A, B));
        LocalScaleSetsFile sets = new LocalScaleSetsFile(file, () -> Duration.ofSeconds(300), clock);

        write(file, set("byol", "byol", A));
        assertEquals(Optional.empty(), sets.find(B));
        write(file, set("byol", "byol") + "," + set("payg", "payg", C));
        assertEquals(Optional.of("byol"), sets.find(A).map(Member::scaleSet), "its last member kept");
        write(file, set("byol", "byol", B) + "," + set("payg", "payg", C));
        assertEquals(Optional.empty(), sets.find(A), "the set lists members again: the read is believed");
        assertEquals(2, sets.members().size());
    }

    private static final VmId C = VmId.of("33333333-3333-4333-8333-333333333333");

    private static String set(String name, String licensing, VmId... vms) {
        StringBuilder instances = new StringBuilder();
        for (int i = 0; i < vms.length; i++) {
            instances.append(i == 0 ? "" : ",").append("{\"vmId\":\"").append(vms[i].value())
                    .append("\",\"privateIp\":\"10.0.1.").append(4 + i).append("\"}");
        }
        return "{\"name\":\"" + name + "\",\"licensing\":\"" + licensing + "\",\"instances\":[" + instances + "]}";
    }

    /** Writes the scale sets (or, for "", an empty list of them) with a modification time of its own. */
    private static void write(Path file, String sets) throws IOException {
        Files.writeString(file, "{\"scaleSets\":[" + sets + "]}");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.nanoTime()));
    }
}
