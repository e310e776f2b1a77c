package com.fortinet.autoscale.adapter.cosmos;

import com.fortinet.autoscale.domain.election.ElectionRecords;
import com.fortinet.autoscale.domain.election.ElectionRecordsContract;
import com.fortinet.autoscale.support.CosmosServer;

class CosmosElectionRecordsContractIT extends ElectionRecordsContract {
    @Override
    protected ElectionRecords newStore() {
        return new CosmosElectionRecords(CosmosServer.get().newStore("contract"));
    }
}
