package com.fortinet.autoscale.adapter.memory;

import com.fortinet.autoscale.domain.port.HealthRecords;
import com.fortinet.autoscale.domain.port.HealthRecordsContract;

class InMemoryHealthRecordsContractTest extends HealthRecordsContract {
    @Override
    protected HealthRecords newStore() {
        return new InMemoryHealthRecords();
    }
}
