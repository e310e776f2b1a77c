package com.fortinet.autoscale.support;

import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import com.fortinet.autoscale.domain.cluster.VmId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps any scale sets and counts the membership reads ({@link #members}) and lookups made through it. */
public final class CountingScaleSets implements ScaleSets {
    private final ScaleSets inner;
    private final AtomicInteger membersReads = new AtomicInteger();
    private final AtomicInteger finds = new AtomicInteger();

    public CountingScaleSets(ScaleSets inner) {
        this.inner = inner;
    }

    /** How many times {@link #members} was called. */
    public int membersReads() {
        return membersReads.get();
    }

    /** How many times {@link #find} was called. */
    public int finds() {
        return finds.get();
    }

    @Override
    public Optional<Member> find(VmId vmId) {
        finds.incrementAndGet();
        return inner.find(vmId);
    }

    @Override
    public List<Member> members() {
        membersReads.incrementAndGet();
        return inner.members();
    }

    @Override
    public void terminate(Member member) {
        inner.terminate(member);
    }
}
