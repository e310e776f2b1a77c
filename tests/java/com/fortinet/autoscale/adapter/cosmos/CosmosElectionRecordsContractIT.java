package com.fortinet.autoscale.adapter.cosmos;

import com.fortinet.autoscale.domain.port.ElectionRecords;
import com.fortinet.autoscale.domain.port.ElectionRecordsContract;
import com.fortinet.autoscale.support.CosmosServer;

class CosmosElectionRecordsContractIT extends ElectionRecordsContract {
    @Override
    protected ElectionRecords newStore() {
        return new CosmosElectionRecords(CosmosServer.get().newStore("contract"));
    }
}
