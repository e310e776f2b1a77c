package com.fortinet.autoscale.adapter.cosmos;

import com.fortinet.autoscale.domain.licensing.LicenseUsage;
import com.fortinet.autoscale.domain.licensing.LicenseUsageContract;
import com.fortinet.autoscale.support.CosmosServer;

class CosmosLicenseUsageContractIT extends LicenseUsageContract {
    @Override
    protected LicenseUsage newStore() {
        return new CosmosLicenseUsage(CosmosServer.get().newStore("contract"));
    }
}
