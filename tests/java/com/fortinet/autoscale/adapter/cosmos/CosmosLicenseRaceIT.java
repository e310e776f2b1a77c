package com.fortinet.autoscale.adapter.cosmos;

import com.fortinet.autoscale.domain.licensing.LicenseRaceContract;
import com.fortinet.autoscale.domain.licensing.LicenseUsage;
import com.fortinet.autoscale.support.CosmosServer;

/**
 * The license race with every claim a create-if-absent in the Cosmos DB server: 50 FortiGates at once for
 * 20 licenses, exactly 20 handed out, each repeat request answered with the same license; and two
 * instances serving each of 20 FortiGates at once over the one server answer each FortiGate one license.
 */
class CosmosLicenseRaceIT extends LicenseRaceContract {
    private static final CosmosStore STORE = CosmosServer.get().newStore("license-race");

    @Override
    protected LicenseUsage usage() {
        return new CosmosLicenseUsage(STORE);
    }

    @Override
    protected int rounds() {
        return 50;
    }

    /** Two instances over the one Cosmos DB store: each round costs about a second. */
    @Override
    protected int twoInstanceRounds() {
        return 20;
    }
}
