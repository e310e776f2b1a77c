package com.fortinet.autoscale.adapter.blob;

import com.fortinet.autoscale.adapter.identity.ManagedIdentities;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;

/**
 * Builds the {@link BlobServiceClient} of the asset storage account. The composition root keeps the one
 * client of the process; adapters share it.
 */
public final class AssetStorage {
    /** Three tries of at most 10 s each: a FortiGate waits for the answer at boot, and retries itself. */
    private static final RequestRetryOptions RETRIES = new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3,
            Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(2), null);

    private AssetStorage() {}

    /** A client from a connection string (local and test use: Azurite, or a storage account key). */
    public static BlobServiceClient withConnectionString(String connectionString) {
        return new BlobServiceClientBuilder()
                .connectionString(connectionString)
                .retryOptions(RETRIES)
                .buildClient();
    }

    /**
     * A client for the account's blob endpoint, authenticated by the function app's managed identity.
     *
     * @param clientId the user-assigned identity's client id; null for the system-assigned identity
     */
    public static BlobServiceClient withManagedIdentity(String endpoint, String clientId) {
        return new BlobServiceClientBuilder()
                .endpoint(endpoint)
                .credential(ManagedIdentities.credential(clientId))
                .retryOptions(RETRIES)
                .buildClient();
    }
}
