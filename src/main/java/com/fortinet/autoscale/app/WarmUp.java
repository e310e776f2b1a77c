package com.fortinet.autoscale.app;

import com.fortinet.autoscale.domain.bootstrap.ConfigSets;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.election.ElectionRecords;
import com.fortinet.autoscale.domain.health.HealthRecords;
import com.fortinet.autoscale.domain.licensing.LicenseStock;
import com.fortinet.autoscale.domain.licensing.LicenseUsage;
import com.fortinet.autoscale.domain.notification.EventHistory;
import com.fortinet.autoscale.domain.settings.SettingsProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

/**
 * Starts every client of a new process before a FortiGate needs it: each step is one ordinary read through a
 * port, so the adapter builds its client, opens its TLS connection, fetches the account's metadata and
 * checks (or creates) its container on the way. Three families run side by side: state (settings, election
 * record, a health-record point read, license usage, the event history), membership (the scale sets) and assets (the license
 * listing, a built-in config set). A failed step is reported, never thrown: a request that needs that client
 * later starts it itself and answers with its own error.
 *
 * <p>Nothing here is evidence for a decision: the reads are not kept; the election and the clean-ups read
 * again when they decide.
 */
final class WarmUp {
    private static final Logger LOG = Logger.getLogger(WarmUp.class.getName());

    /** What one step did: its name, how long it took, and why it failed when it did. */
    record Step(String name, long millis, String failure) {
        @Override
        public String toString() {
            return name + "=" + (failure == null ? millis + "ms" : "failed(" + failure + ")");
        }
    }

    /** The whole warm-up: every step and the time from its start to its end. */
    record Report(List<Step> steps, long millis) {
        boolean ok() {
            return steps.stream().allMatch(s -> s.failure() == null);
        }

        /** One log line: what was warmed, how long each took, the total. */
        String line() {
            StringBuilder b = new StringBuilder("warm-up ").append(ok() ? "done" : "partly failed")
                    .append(" ms=").append(millis);
            steps.forEach(s -> b.append(' ').append(s));
            return b.toString();
        }
    }

    /** The ports one warm-up reads through. */
    record Ports(SettingsProvider settings, ElectionRecords elections, HealthRecords health, LicenseUsage licenseUsage,
                 EventHistory events, ScaleSets scaleSets, LicenseStock licenseStock, ConfigSets configSets) {}

    private WarmUp() {
    }

    /** Runs the three families on {@code executor} and completes with the report when all are done. */
    static CompletableFuture<Report> start(Ports p, Executor executor) {
        long started = System.nanoTime();
        CompletableFuture<List<Step>> state = CompletableFuture.supplyAsync(() -> List.of(
                step("settings", () -> p.settings().current()),
                step("election", p.elections()::read),
                // a vmId no FortiGate has: a point read that finds nothing still checks the container
                step("health", () -> p.health().read(VmId.of(UUID.randomUUID().toString()))),
                step("licenseUsage", p.licenseUsage()::readAll),
                step("events", () -> p.events().recent(1))), executor);
        CompletableFuture<List<Step>> membership = CompletableFuture.supplyAsync(() -> List.of(
                step("scaleSets", p.scaleSets()::members)), executor);
        CompletableFuture<List<Step>> assets = CompletableFuture.supplyAsync(() -> List.of(
                step("licenseStock", p.licenseStock()::list),
                step("configSets", () -> p.configSets().read("baseconfig"))), executor);
        return CompletableFuture.allOf(state, membership, assets).thenApply(ignored -> {
            List<Step> steps = new ArrayList<>(state.join());
            steps.addAll(membership.join());
            steps.addAll(assets.join());
            Report report = new Report(List.copyOf(steps), (System.nanoTime() - started) / 1_000_000);
            LOG.info(report.line());
            return report;
        });
    }

    private static Step step(String name, Runnable read) {
        long started = System.nanoTime();
        try {
            read.run();
            return new Step(name, (System.nanoTime() - started) / 1_000_000, null);
        } catch (RuntimeException e) {
            // The class and the first line only: an SDK message may be long, never a secret's place to show.
            String why = e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : ": " + e.getMessage().lines().findFirst().orElse(""));
            return new Step(name, (System.nanoTime() - started) / 1_000_000,
                    why.length() > 160 ? why.substring(0, 160) : why);
        }
    }
}
