package com.fortinet.autoscale.app;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.fortinet.autoscale.adapter.identity.ManagedIdentities;

/**
 * The process's one Azure credential: on Azure (the Functions host sets {@code WEBSITE_INSTANCE_ID}) the
 * managed identity, user-assigned when {@code AZURE_CLIENT_ID} names it; elsewhere (a developer's machine)
 * {@code DefaultAzureCredential}, which tries the environment, the Azure CLI and others.
 */
final class AzureCredentials {
    private static volatile TokenCredential credential;

    private AzureCredentials() {}

    static TokenCredential of(AppSettings settings) {
        TokenCredential c = credential;
        if (c == null) {
            synchronized (AzureCredentials.class) {
                c = credential;
                if (c == null) {
                    c = build(settings);
                    credential = c;
                }
            }
        }
        return c;
    }

    private static TokenCredential build(AppSettings settings) {
        String clientId = settings.get(AppSettings.AZURE_CLIENT_ID).orElse(null);
        if (settings.onAzure()) {
            return ManagedIdentities.credential(clientId);
        }
        DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder();
        if (clientId != null) {
            b.managedIdentityClientId(clientId);
        }
        return b.build();
    }
}
