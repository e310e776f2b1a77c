package com.fortinet.autoscale.adapter.memory;

import com.fortinet.autoscale.domain.health.HealthRecords;
import com.fortinet.autoscale.domain.health.HealthRecordsContract;

class InMemoryHealthRecordsContractTest extends HealthRecordsContract {
    @Override
    protected HealthRecords newStore() {
        return new InMemoryHealthRecords();
    }
}
