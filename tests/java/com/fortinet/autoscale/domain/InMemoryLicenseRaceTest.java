package com.fortinet.autoscale.domain;

import com.fortinet.autoscale.adapter.memory.InMemoryLicenseUsage;
import com.fortinet.autoscale.domain.port.LicenseUsage;

/** The license race on the in-memory usage store (create-if-absent as a database gives it). */
class InMemoryLicenseRaceTest extends LicenseRaceContract {
    @Override
    protected LicenseUsage usage() {
        return new InMemoryLicenseUsage();
    }
}
