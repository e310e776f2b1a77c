package com.fortinet.autoscale.support;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.fortinet.autoscale.app.LoggingPolicy;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Azurite's blob service for the integration tests (npm {@code azurite}, pinned in
 * {@code tests/servers/azurite/package.json}), started once per JVM.
 *
 * <p>On first use it runs {@code npm ci} in {@code tests/servers/azurite} when {@code node_modules} is
 * missing, then starts the blob service alone on 127.0.0.1 with a port the OS picks (read back from
 * Azurite's start-up line), in memory, without telemetry (which would keep it from exiting on SIGTERM).
 * It waits until the port answers and stops the process tree when the JVM exits; {@code start.js} also stops
 * Azurite when its stdin closes, so not even a killed JVM leaves it running.
 */
public final class AzuriteServer {
    /** Azurite's well-known development account. */
    public static final String ACCOUNT = "devstoreaccount1";
    /** The development account's well-known key (public, documented by Microsoft for the emulator). */
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Pattern LISTENING = Pattern.compile("successfully listens on https?://[^:/]+:(\\d+)");
    private static AzuriteServer instance;

    private final NodeServer node;
    private volatile BlobServiceClient client;

    private AzuriteServer(NodeServer node) {
        this.node = node;
    }

    /** The server of this JVM, started on first call. */
    public static synchronized AzuriteServer get() {
        if (instance == null) {
            // The SDK clients of the tests log as the app's do: no stack traces for the server's 404/409/412 answers.
            LoggingPolicy.apply();
            // Azurite 3.35.0 knows the API version of azure-storage-blob 12.32.0; skipping the check keeps a
            // later SDK from the BOM working with it (the adapters use only long-standing operations).
            instance = new AzuriteServer(NodeServer.start(new NodeServer.Launch("Azurite", "azurite",
                    NodeServer.packageDir("azurite", "package-lock.json"), "azurite", LISTENING, Duration.ofSeconds(60),
                    List.of("node", "start.js",
                            "--blobHost", "127.0.0.1", "--blobPort", "0",
                            "--inMemoryPersistence", "--extentMemoryLimit", "256",
                            "--disableTelemetry", "--skipApiVersionCheck", "--silent"))));
        }
        return instance;
    }

    public int port() {
        return node.port();
    }

    public boolean isAlive() {
        return node.isAlive();
    }

    /** A connection string for the development account, as {@code ASSET_STORAGE_CONNECTION_STRING} takes it. */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY
                + ";BlobEndpoint=http://127.0.0.1:" + node.port() + "/" + ACCOUNT + ";";
    }

    /** A client for test set-up (uploads, deletes), separate from the one the code under test builds. */
    public BlobServiceClient client() {
        BlobServiceClient c = client;
        if (c == null) {
            c = new BlobServiceClientBuilder().connectionString(connectionString()).buildClient();
            client = c;
        }
        return c;
    }

    /** A new, empty container with a unique name (tests share the server, never a container). */
    public BlobContainerClient newContainer(String stem) {
        String name = (stem + "-" + UUID.randomUUID().toString().replace("-", "")).substring(0, Math.min(63,
                stem.length() + 33));
        BlobContainerClient c = client().getBlobContainerClient(name);
        c.create();
        return c;
    }

    /** Uploads (or overwrites) a text blob. */
    public static void upload(BlobContainerClient container, String blob, String content) {
        container.getBlobClient(blob).upload(BinaryData.fromString(content), true);
    }
}
