package com.fortinet.autoscale.support;

import com.fortinet.autoscale.domain.health.HealthRecord;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.Versioned;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.election.ElectionRecords;
import com.fortinet.autoscale.domain.health.HealthRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Wraps any health-record and election-record adapters and logs every store operation by kind, so a test
 * can count what one heartbeat costs, whichever store is behind.
 */
public final class CountingStores {
    /** The kinds of store operation. */
    public enum Kind {
        POINT_READ, CONDITIONAL_CREATE, CONDITIONAL_REPLACE, READ_ALL, DELETE;

        /** Point reads and conditional writes: what a hot path may use. */
        public boolean isPointOperation() {
            return this != READ_ALL;
        }
    }

    /** One operation. */
    public record Op(Kind kind, String target) {}

    private final List<Op> ops = new ArrayList<>();
    private final HealthRecords health;
    private final ElectionRecords election;

    public CountingStores(HealthRecords health, ElectionRecords election) {
        this.health = new CountingHealth(health);
        this.election = new CountingElection(election);
    }

    public HealthRecords health() {
        return health;
    }

    public ElectionRecords election() {
        return election;
    }

    public synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    public synchronized void reset() {
        ops.clear();
    }

    private synchronized void log(Kind kind, String target) {
        ops.add(new Op(kind, target));
    }

    private final class CountingHealth implements HealthRecords {
        private final HealthRecords inner;

        CountingHealth(HealthRecords inner) {
            this.inner = inner;
        }

        @Override
        public Optional<Versioned<HealthRecord>> read(VmId vmId) {
            log(Kind.POINT_READ, "health:" + vmId);
            return inner.read(vmId);
        }

        @Override
        public Versioned<HealthRecord> create(HealthRecord record) {
            log(Kind.CONDITIONAL_CREATE, "health:" + record.vmId());
            return inner.create(record);
        }

        @Override
        public Versioned<HealthRecord> replace(HealthRecord record, String expectedVersion) {
            log(Kind.CONDITIONAL_REPLACE, "health:" + record.vmId());
            return inner.replace(record, expectedVersion);
        }

        @Override
        public List<Versioned<HealthRecord>> readAll() {
            log(Kind.READ_ALL, "health:*");
            return inner.readAll();
        }

        @Override
        public boolean delete(VmId vmId) {
            log(Kind.DELETE, "health:" + vmId);
            return inner.delete(vmId);
        }
    }

    private final class CountingElection implements ElectionRecords {
        private final ElectionRecords inner;

        CountingElection(ElectionRecords inner) {
            this.inner = inner;
        }

        @Override
        public Optional<Versioned<Primary>> read() {
            log(Kind.POINT_READ, "election");
            return inner.read();
        }

        @Override
        public Versioned<Primary> create(Primary primary) {
            log(Kind.CONDITIONAL_CREATE, "election");
            return inner.create(primary);
        }

        @Override
        public Versioned<Primary> replace(Primary primary, String expectedVersion) {
            log(Kind.CONDITIONAL_REPLACE, "election");
            return inner.replace(primary, expectedVersion);
        }
    }
}
