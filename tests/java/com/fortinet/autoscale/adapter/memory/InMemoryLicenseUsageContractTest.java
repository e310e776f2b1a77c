package com.fortinet.autoscale.adapter.memory;

import com.fortinet.autoscale.domain.licensing.LicenseUsage;
import com.fortinet.autoscale.domain.licensing.LicenseUsageContract;

class InMemoryLicenseUsageContractTest extends LicenseUsageContract {
    @Override
    protected LicenseUsage newStore() {
        return new InMemoryLicenseUsage();
    }
}
