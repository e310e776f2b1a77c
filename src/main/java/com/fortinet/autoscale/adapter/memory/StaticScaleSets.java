package com.fortinet.autoscale.adapter.memory;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Scale sets whose members are set by the caller: the demo cluster, tests, and the base of the local
 * scale-sets file. {@link #terminate} removes the member and remembers it.
 */
public final class StaticScaleSets implements ScaleSets {
    private volatile Map<VmId, Member> members;
    private final List<Member> terminated = new CopyOnWriteArrayList<>();

    public StaticScaleSets(Collection<Member> members) {
        replaceAll(members);
    }

    /** Replaces every member (a scale-out or scale-in). */
    public void replaceAll(Collection<Member> all) {
        Map<VmId, Member> next = new ConcurrentHashMap<>();
        all.forEach(m -> next.put(m.vmId(), m));
        members = next;
    }

    public void add(Member m) {
        members.put(m.vmId(), m);
    }

    public void remove(VmId vmId) {
        members.remove(vmId);
    }

    @Override
    public Optional<Member> find(VmId vmId) {
        return Optional.ofNullable(members.get(vmId));
    }

    @Override
    public List<Member> members() {
        return new ArrayList<>(members.values());
    }

    @Override
    public void terminate(Member member) {
        terminated.add(member);
        members.remove(member.vmId());
    }

    /** The members {@link #terminate} was called for. */
    public List<Member> terminated() {
        return List.copyOf(terminated);
    }
}
