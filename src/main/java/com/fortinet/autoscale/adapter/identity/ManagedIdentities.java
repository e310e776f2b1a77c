package com.fortinet.autoscale.adapter.identity;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's managed-identity credentials, one per identity: Cosmos DB, Blob Storage, Resource Manager
 * and Event Grid share it, so the process keeps one token cache per identity instead of one per client.
 */
public final class ManagedIdentities {
    private static final String SYSTEM_ASSIGNED = "";
    private static final Map<String, TokenCredential> CREDENTIALS = new ConcurrentHashMap<>();

    private ManagedIdentities() {}

    /**
     * The credential of the user-assigned identity with that client id, or of the system-assigned identity
     * when {@code clientId} is null or blank.
     */
    public static TokenCredential credential(String clientId) {
        String key = clientId == null || clientId.isBlank() ? SYSTEM_ASSIGNED : clientId.trim();
        return CREDENTIALS.computeIfAbsent(key, id -> {
            ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder();
            if (!id.isEmpty()) {
                b.clientId(id);
            }
            return b.build();
        });
    }
}
