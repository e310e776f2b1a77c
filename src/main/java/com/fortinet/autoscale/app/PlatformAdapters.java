package com.fortinet.autoscale.app;

import com.fortinet.autoscale.adapter.compute.AzureScaleSets;
import com.fortinet.autoscale.adapter.local.DemoCluster;
import com.fortinet.autoscale.adapter.local.LocalScaleSetsFile;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.domain.LogText;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.settings.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Where the scale sets come from: Azure Resource Manager when {@code AZURE_SUBSCRIPTION_ID} is set, a
 * scale-sets file ({@code LOCAL_SCALE_SETS_FILE}), else the demo cluster. A local runner against real Azure
 * scale sets deletes nothing unless {@code LOCAL_ALLOW_AZURE_TERMINATE} is {@code true}.
 */
final class PlatformAdapters {
    private PlatformAdapters() {
    }

    /**
     * @param settings    the current autoscale settings (scale set names), read on use
     * @param localRunner whether the scale sets serve a developer's local runner
     */
    static ScaleSets from(AppSettings appSettings, Supplier<Settings> settings, Clock clock, boolean localRunner) {
        if (appSettings.get(AppSettings.AZURE_SUBSCRIPTION_ID).isPresent()) {
            ScaleSets azure = azure(appSettings, settings, clock);
            return localRunner && !allowsAzureTermination(appSettings) ? new NoTermination(azure) : azure;
        }
        return appSettings.get(AppSettings.LOCAL_SCALE_SETS_FILE)
                .<ScaleSets>map(file -> new LocalScaleSetsFile(Path.of(file),
                        () -> settings.get().emptyScaleSetConfirmation(), clock))
                .orElseGet(() -> new StaticScaleSets(DemoCluster.members()));
    }

    /** Whether a local runner may delete real Azure VMs: only with the explicit flag. */
    static boolean allowsAzureTermination(AppSettings appSettings) {
        return appSettings.get(AppSettings.LOCAL_ALLOW_AZURE_TERMINATE).map("true"::equalsIgnoreCase).orElse(false);
    }

    /** The scale sets as Azure Resource Manager reports them, read with the process's credential. */
    private static ScaleSets azure(AppSettings s, Supplier<Settings> settings, Clock clock) {
        Duration ttl = s.scaleSetsCacheTtl();
        return AzureScaleSets.connect(AzureCredentials.of(s), s.require(AppSettings.AZURE_SUBSCRIPTION_ID),
                s.require(AppSettings.RESOURCE_GROUP), settings, clock, ttl);
    }

    /** Real scale sets that a local runner reads but never deletes from (each refusal logged). */
    static final class NoTermination implements ScaleSets {
        private static final Logger LOG = Logger.getLogger(NoTermination.class.getName());
        private final ScaleSets delegate;

        NoTermination(ScaleSets delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<Member> find(VmId vmId) {
            return delegate.find(vmId);
        }

        @Override
        public List<Member> members() {
            return delegate.members();
        }

        @Override
        public void terminate(Member member) {
            LOG.warning("local runner: not deleting " + member.vmId() + " from Azure scale set "
                    + LogText.quoted(member.scaleSet()) + " (terminate-unhealthy-vm is on; set "
                    + AppSettings.LOCAL_ALLOW_AZURE_TERMINATE + "=true to allow a local runner to delete Azure VMs)");
        }
    }
}
