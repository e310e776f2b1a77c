package com.fortinet.autoscale.fault;

import com.fortinet.autoscale.adapter.cosmos.CosmosElectionRecords;
import com.fortinet.autoscale.adapter.cosmos.CosmosHealthRecords;
import com.fortinet.autoscale.adapter.cosmos.CosmosLicenseUsage;
import com.fortinet.autoscale.adapter.cosmos.CosmosStore;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.licensing.LicenseAssignment;
import com.fortinet.autoscale.domain.licensing.LicenseClaim;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the runners left in the store, read directly from the Cosmos DB test server (not through the fault
 * proxy), and the runners' notifications, checked after a trial: every FortiGate's record is the one it had
 * before the faults (none removed and created again) and holds at least the last sequence acknowledged to it
 * (no lost update); none was marked unhealthy or terminated, no license was released, the scale-sets file still
 * lists every FortiGate; each FortiGate holds exactly the license it was given, and no license is on two; the
 * election named one primary, in term 1, which is the one every FortiGate was told.
 */
final class StoredCluster {
    private final CosmosHealthRecords health;
    private final CosmosElectionRecords elections;
    private final CosmosLicenseUsage usage;
    private final List<HttpFleet.Device> fleet;
    private final Map<String, String> licenseFiles;
    private final Consumer<String> violation;
    private final Map<String, Instant> firstSeen = new HashMap<>();

    /** @param licenseFiles the license files' content, by which a device's answer is named */
    StoredCluster(CosmosStore store, List<HttpFleet.Device> fleet, Map<String, String> licenseFiles,
                  Consumer<String> violation) {
        this.health = new CosmosHealthRecords(store);
        this.elections = new CosmosElectionRecords(store);
        this.usage = new CosmosLicenseUsage(store);
        this.fleet = List.copyOf(fleet);
        this.licenseFiles = new HashMap<>();
        licenseFiles.forEach((content, name) -> this.licenseFiles.put(content.strip(), name));
        this.violation = violation;
    }

    /** Notes when each FortiGate's record was created, before the faults. */
    void rememberRecords() {
        for (HttpFleet.Device d : fleet) {
            Optional<HealthRecord> r = health.read(VmId.of(d.vmId())).map(Versioned::value);
            if (r.isEmpty()) {
                violation.accept("no record for " + d.vmId() + " before the faults: the fleet did not start");
            } else {
                firstSeen.put(d.vmId(), r.get().tracking().firstSeen());
            }
        }
    }

    void check(HttpFleet devices, RunnerEvents events, String setsFileNow, String setsFileWritten) {
        for (String type : List.of("vm-unhealthy", "vm-terminated", "license-released")) {
            for (RunnerEvents.Event e : events.of(type)) {
                violation.accept(type + " though every FortiGate kept beating: " + e);
            }
        }
        if (!setsFileNow.equals(setsFileWritten)) {
            violation.accept("the scale-sets file was changed by a runner (a termination): " + setsFileNow);
        }
        for (HttpFleet.Device d : fleet) {
            HealthRecord r = health.read(VmId.of(d.vmId())).map(Versioned::value).orElse(null);
            long acked = devices.lastAcked(d.vmId());
            if (r == null || r.sequence() == null || r.sequence() < acked) {
                violation.accept("lost update for " + d.vmId() + ": acknowledged " + acked + ", stored "
                        + (r == null ? "nothing" : r.sequence()));
            } else if (!r.tracking().firstSeen().equals(firstSeen.get(d.vmId()))) {
                violation.accept("the record of " + d.vmId() + " was removed and created again (first seen "
                        + firstSeen.get(d.vmId()) + ", now " + r.tracking().firstSeen() + ")");
            }
            if (r != null && !r.inSync()) {
                violation.accept(d.vmId() + " is out-of-sync at the end though it kept beating");
            }
        }
        checkLicenses(devices);
        checkPrimary(devices, events);
    }

    private void checkLicenses(HttpFleet devices) {
        Map<String, LicenseAssignment> byVm = new HashMap<>();
        for (Versioned<LicenseAssignment> v : usage.readAll()) {
            LicenseAssignment a = v.value();
            LicenseAssignment twice = byVm.put(a.vmId().value(), a);
            if (twice != null) {
                violation.accept(a.vmId() + " holds two licenses: " + twice.fileName() + " and " + a.fileName());
            }
        }
        Map<String, String> claims = new HashMap<>();
        for (Versioned<LicenseClaim> v : usage.readAllClaims()) {
            claims.put(v.value().vmId().value(), v.value().licenseSha256());
        }
        for (HttpFleet.Device d : fleet) {
            Optional<String> got = devices.license(d.vmId());
            if (got.isEmpty()) {
                violation.accept(d.vmId() + " asked for a license and never got one");
                continue;
            }
            String file = licenseFiles.get(got.get().strip());
            LicenseAssignment held = byVm.remove(d.vmId());
            if (file == null) {
                violation.accept(d.vmId() + " was given a license that is no file: " + got.get());
            } else if (held == null) {
                violation.accept(d.vmId() + " was given " + file + " but holds no license in the store (released?)");
            } else if (!held.fileName().equals(file)) {
                violation.accept(d.vmId() + " was given " + file + " but the store says it holds " + held.fileName());
            } else if (!held.licenseSha256().equals(claims.get(d.vmId()))) {
                violation.accept(d.vmId() + " holds " + file + " but its claim names " + claims.get(d.vmId()));
            }
        }
        byVm.values().forEach(a -> violation.accept("a license held by no FortiGate of the fleet: " + a));
    }

    private void checkPrimary(HttpFleet devices, RunnerEvents events) {
        Optional<Primary> primary = elections.read().map(Versioned::value);
        if (primary.isEmpty()) {
            violation.accept("no primary at the end");
            return;
        }
        if (primary.get().term() != 1) {
            violation.accept("term " + primary.get().term() + " at the end: an election while the primary beat");
        }
        for (RunnerEvents.Event e : events.of("primary-elected")) {
            if (!e.subject().equals(primary.get().vmId().value()) || !e.detail("term").equals("1")) {
                violation.accept("another primary announced: " + e + "; the election record names "
                        + primary.get().vmId() + " in term " + primary.get().term());
            }
        }
        for (String ip : devices.announced()) {
            if (!ip.equals(primary.get().privateIp())) {
                violation.accept("a FortiGate was told primary " + ip + "; the election record names "
                        + primary.get().privateIp());
            }
        }
    }
}
