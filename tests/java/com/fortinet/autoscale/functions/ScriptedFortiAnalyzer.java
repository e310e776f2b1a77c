package com.fortinet.autoscale.functions;

import com.fortinet.autoscale.domain.fortianalyzer.FazDevice;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A FortiAnalyzer port whose devices and failure a function test sets; it counts sessions and records authorizations. */
final class ScriptedFortiAnalyzer implements FortiAnalyzer {
    private final Map<String, FazDevice> devices = new LinkedHashMap<>();
    private final List<String> authorized = new ArrayList<>();
    private RuntimeException failure;
    private int sessions;

    synchronized ScriptedFortiAnalyzer waiting(String vmId, String sn, String ip) {
        devices.put(vmId, new FazDevice(vmId, vmId, sn, ip, false));
        return this;
    }

    synchronized void failWith(RuntimeException e) {
        failure = e;
    }

    synchronized int sessions() {
        return sessions;
    }

    synchronized List<String> authorized() {
        return List.copyOf(authorized);
    }

    @Override
    public synchronized <T> T inSession(Function<Session, T> work) {
        sessions++;
        if (failure != null) {
            throw failure;
        }
        return work.apply(new Session() {
            @Override
            public List<FazDevice> devices() {
                return List.copyOf(devices.values());
            }

            @Override
            public void authorize(List<FazDevice> list) {
                for (FazDevice d : list) {
                    authorized.add(d.name());
                    devices.put(d.name(), new FazDevice(d.name(), d.hostname(), d.serialNumber(), d.ip(), true));
                }
            }
        });
    }
}
