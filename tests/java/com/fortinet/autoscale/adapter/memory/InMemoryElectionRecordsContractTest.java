package com.fortinet.autoscale.adapter.memory;

import com.fortinet.autoscale.domain.election.ElectionRecords;
import com.fortinet.autoscale.domain.election.ElectionRecordsContract;

class InMemoryElectionRecordsContractTest extends ElectionRecordsContract {
    @Override
    protected ElectionRecords newStore() {
        return new InMemoryElectionRecords();
    }
}
