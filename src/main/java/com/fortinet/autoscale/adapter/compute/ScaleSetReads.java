package com.fortinet.autoscale.adapter.compute;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetVMInner;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.compute.models.NetworkInterfaceReference;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceIpConfigurationInner;
import com.fortinet.autoscale.adapter.compute.AzureScaleSets.Instance;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * The Resource Manager calls behind {@link AzureScaleSets}, apart from its cache: one scale set's VMs with
 * their instance view and its network interfaces (two paged reads, every {@code nextLink} followed), mapped
 * to members; the deletion of one VM.
 */
final class ScaleSetReads {
    // Logs under the adapter's name: operators filter on it.
    private static final Logger LOG = Logger.getLogger(AzureScaleSets.class.getName());

    private final ComputeManager compute;
    private final String resourceGroup;

    ScaleSetReads(ComputeManager compute, String resourceGroup) {
        this.compute = Objects.requireNonNull(compute, "compute");
        this.resourceGroup = Objects.requireNonNull(resourceGroup, "resourceGroup");
    }

    /** Starts deleting the member's VM; the outcome comes through the Mono. */
    Mono<Void> delete(Member member) {
        return compute.serviceClient().getVirtualMachineScaleSetVMs()
                .deleteAsync(resourceGroup, member.scaleSet(), member.instanceId());
    }

    /** Adds the scale set's VMs to {@code into}; a scale set that does not exist has none. */
    void readScaleSet(String name, Member.Licensing licensing, Map<VmId, Instance> into) {
        List<VirtualMachineScaleSetVMInner> vms = new ArrayList<>();
        try {
            for (VirtualMachineScaleSetVMInner vm : compute.serviceClient().getVirtualMachineScaleSetVMs()
                    .list(resourceGroup, name, null, null, "instanceView", Context.NONE)) {
                vms.add(vm);
            }
        } catch (ManagementException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
                LOG.warning(() -> "scale set " + name + " does not exist in resource group " + resourceGroup
                        + ": it has no members");
                return;
            }
            throw e;
        }
        if (vms.isEmpty()) {
            return;
        }
        Map<String, NetworkInterfaceInner> nics = new HashMap<>();
        for (NetworkInterfaceInner nic : compute.networkManager().serviceClient().getNetworkInterfaces()
                .listVirtualMachineScaleSetNetworkInterfaces(resourceGroup, name)) {
            if (nic.id() != null) {
                nics.put(nic.id().toLowerCase(Locale.ROOT), nic);
            }
        }
        for (VirtualMachineScaleSetVMInner vm : vms) {
            VmId vmId = vmIdOf(vm);
            if (vmId == null) {
                continue;
            }
            String ip = primaryPrivateIp(vm, nics);
            Member member = new Member(vmId, name, licensing, vm.instanceId(), ip, networkInterfaces(vm, nics));
            into.put(vmId, new Instance(member, powerState(vm), vm.provisioningState()));
        }
    }

    private static VmId vmIdOf(VirtualMachineScaleSetVMInner vm) {
        try {
            return vm.vmId() == null ? null : VmId.of(vm.vmId());
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "ignoring VM " + vm.id() + ": vmId is not a GUID");
            return null;
        }
    }

    /**
     * The VM's NICs, the primary first (FortiOS {@code port1}), then the others in the order the VM lists them
     * (the order Azure attaches them in); each with its private IPs, the primary IP configuration's first.
     * A NIC the listing does not have (yet) is skipped.
     */
    static List<Member.NetworkInterface> networkInterfaces(VirtualMachineScaleSetVMInner vm,
                                                           Map<String, NetworkInterfaceInner> nics) {
        List<NetworkInterfaceInner> ordered = new ArrayList<>();
        NetworkInterfaceInner primary = primaryNic(vm, nics);
        if (primary != null) {
            ordered.add(primary);
        }
        List<NetworkInterfaceReference> refs = vm.networkProfile() == null ? null
                : vm.networkProfile().networkInterfaces();
        if (refs != null) {
            for (NetworkInterfaceReference ref : refs) {
                NetworkInterfaceInner nic = ref.id() == null ? null : nics.get(ref.id().toLowerCase(Locale.ROOT));
                if (nic != null && !ordered.contains(nic)) {
                    ordered.add(nic);
                }
            }
        }
        List<Member.NetworkInterface> result = new ArrayList<>();
        for (NetworkInterfaceInner nic : ordered) {
            List<NetworkInterfaceIpConfigurationInner> configs = nic.ipConfigurations() == null ? List.of()
                    : nic.ipConfigurations();
            NetworkInterfaceIpConfigurationInner first = primaryConfiguration(configs);
            List<String> ips = new ArrayList<>();
            if (first != null && first.privateIpAddress() != null) {
                ips.add(first.privateIpAddress());
            }
            configs.stream().filter(c -> c != first).map(NetworkInterfaceIpConfigurationInner::privateIpAddress)
                    .filter(Objects::nonNull).forEach(ips::add);
            String subnet = first != null && first.subnet() != null ? first.subnet().id() : null;
            result.add(new Member.NetworkInterface(result.size(), ips, subnet));
        }
        return result;
    }

    /** The private IP of the primary IP configuration of the VM's primary NIC; null while it has none. */
    static String primaryPrivateIp(VirtualMachineScaleSetVMInner vm, Map<String, NetworkInterfaceInner> nics) {
        NetworkInterfaceInner nic = primaryNic(vm, nics);
        if (nic == null || nic.ipConfigurations() == null) {
            return null;
        }
        NetworkInterfaceIpConfigurationInner config = primaryConfiguration(nic.ipConfigurations());
        return config == null ? null : config.privateIpAddress();
    }

    private static NetworkInterfaceInner primaryNic(VirtualMachineScaleSetVMInner vm,
                                                    Map<String, NetworkInterfaceInner> nics) {
        NetworkInterfaceInner nic = null;
        List<NetworkInterfaceReference> refs = vm.networkProfile() == null ? null
                : vm.networkProfile().networkInterfaces();
        if (refs != null && !refs.isEmpty()) {
            NetworkInterfaceReference primary = null;
            for (NetworkInterfaceReference ref : refs) {
                if (Boolean.TRUE.equals(ref.primary())) {
                    primary = ref;
                }
            }
            if (primary == null && refs.size() == 1) {
                primary = refs.get(0); // Azure leaves "primary" unset when there is one NIC
            }
            if (primary != null && primary.id() != null) {
                nic = nics.get(primary.id().toLowerCase(Locale.ROOT));
            }
        }
        if (nic == null && vm.id() != null) {
            // No usable reference: the NIC that says it is the VM's primary.
            for (NetworkInterfaceInner candidate : nics.values()) {
                if (Boolean.TRUE.equals(candidate.primary()) && candidate.virtualMachine() != null
                        && vm.id().equalsIgnoreCase(candidate.virtualMachine().id())) {
                    nic = candidate;
                }
            }
        }
        return nic;
    }

    /** The IP configuration flagged primary; the only one when there is one (Azure may leave it unflagged). */
    private static NetworkInterfaceIpConfigurationInner primaryConfiguration(
            List<NetworkInterfaceIpConfigurationInner> configs) {
        for (NetworkInterfaceIpConfigurationInner c : configs) {
            if (Boolean.TRUE.equals(c.primary())) {
                return c;
            }
        }
        return configs.size() == 1 ? configs.get(0) : null;
    }

    private static String powerState(VirtualMachineScaleSetVMInner vm) {
        if (vm.instanceView() != null && vm.instanceView().statuses() != null) {
            for (InstanceViewStatus status : vm.instanceView().statuses()) {
                if (status.code() != null && status.code().startsWith("PowerState/")) {
                    return status.code().substring("PowerState/".length());
                }
            }
        }
        return "unknown";
    }

    static String describe(Throwable e) {
        if (e instanceof ManagementException m && m.getResponse() != null) {
            String code = m.getValue() == null ? null : m.getValue().getCode();
            return "HTTP " + m.getResponse().getStatusCode() + (code == null ? "" : " " + code);
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
