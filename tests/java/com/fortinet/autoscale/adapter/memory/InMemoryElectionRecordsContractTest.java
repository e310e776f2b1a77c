package com.fortinet.autoscale.adapter.memory;

import com.fortinet.autoscale.domain.port.ElectionRecords;
import com.fortinet.autoscale.domain.port.ElectionRecordsContract;

class InMemoryElectionRecordsContractTest extends ElectionRecordsContract {
    @Override
    protected ElectionRecords newStore() {
        return new InMemoryElectionRecords();
    }
}
