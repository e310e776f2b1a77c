package com.fortinet.autoscale.adapter.memory;

import com.fortinet.autoscale.domain.port.LicenseUsage;
import com.fortinet.autoscale.domain.port.LicenseUsageContract;

class InMemoryLicenseUsageContractTest extends LicenseUsageContract {
    @Override
    protected LicenseUsage newStore() {
        return new InMemoryLicenseUsage();
    }
}
