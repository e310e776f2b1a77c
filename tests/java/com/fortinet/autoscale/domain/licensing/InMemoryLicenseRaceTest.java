package com.fortinet.autoscale.domain.licensing;

import com.fortinet.autoscale.adapter.memory.InMemoryLicenseUsage;

/** The license race on the in-memory usage store (create-if-absent as a database gives it). */
class InMemoryLicenseRaceTest extends LicenseRaceContract {
    @Override
    protected LicenseUsage usage() {
        return new InMemoryLicenseUsage();
    }
}
