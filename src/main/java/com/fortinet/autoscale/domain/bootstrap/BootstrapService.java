package com.fortinet.autoscale.domain.bootstrap;
import com.fortinet.autoscale.domain.Versioned;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.UnknownInstanceException;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.settings.SettingsProvider;

import com.fortinet.autoscale.domain.election.ElectionRecords;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import java.util.Objects;

/** Serves a FortiGate's bootstrap configuration (SPEC §5). It reads the election record and never elects. */
public final class BootstrapService {
    private final ScaleSets scaleSets;
    private final ElectionRecords elections;
    private final SettingsProvider settings;
    private final ConfigAssembler assembler;

    public BootstrapService(ScaleSets scaleSets, ElectionRecords elections, SettingsProvider settings,
                            ConfigAssembler assembler) {
        this.scaleSets = Objects.requireNonNull(scaleSets, "scaleSets");
        this.elections = Objects.requireNonNull(elections, "elections");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.assembler = Objects.requireNonNull(assembler, "assembler");
    }

    /**
     * The configuration for the FortiGate with that vmId.
     *
     * @throws UnknownInstanceException when it is in no managed scale set
     * @throws BootstrapException       when a setting or config set it needs is missing
     */
    public String configuration(VmId vmId) {
        Member device = scaleSets.find(vmId).orElseThrow(() -> new UnknownInstanceException(vmId));
        return assembler.assemble(settings.current(), device, elections.read().map(Versioned::value));
    }
}
