package com.fortinet.autoscale.support;

import com.fortinet.autoscale.adapter.cosmos.CosmosStore;
import com.fortinet.autoscale.app.LoggingPolicy;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The Cosmos DB SQL API server of the integration tests ({@code @vercel/cosmosdb-server}, pinned in
 * {@code tests/servers/cosmos/package.json}), started once per JVM on 127.0.0.1 and a free port.
 *
 * <p>On first use it runs {@code npm ci} in {@code tests/servers/cosmos} when {@code node_modules} is missing,
 * starts {@code server.js} (the package plus the fix-ups the tests rely on: 404 for a missing item, the
 * account metadata naming the endpoint the client called), waits until it answers, and stops it, with its
 * process tree, when the JVM exits. It also sets the Azure SDK's emulator switch that accepts the
 * server's self-signed certificate for loopback endpoints only; production code never sets it.
 */
public final class CosmosServer {
    /** Any base64 key: the server does not check request signatures. */
    public static final String KEY =
            "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    /** {@code server.js} prints {@code ready <port>} once it listens. */
    private static final Pattern READY = Pattern.compile("^ready (\\d+)");
    private static CosmosServer instance;

    private final NodeServer node;

    private CosmosServer(NodeServer node) {
        this.node = node;
    }

    /** The server of this JVM, started on first call. */
    public static synchronized CosmosServer get() {
        if (instance == null) {
            // The SDK clients of the tests log as the app's do: no stack traces for the server's 404/409/412 answers.
            LoggingPolicy.apply();
            // Accept the test server's self-signed certificate (the SDK honours this for loopback hosts only).
            System.setProperty("COSMOS.EMULATOR_SERVER_CERTIFICATE_VALIDATION_DISABLED", "true");
            instance = new CosmosServer(NodeServer.start(new NodeServer.Launch("the Cosmos DB test server",
                    "cosmos-server", NodeServer.packageDir("cosmos", "server.js"), "@vercel/cosmosdb-server", READY,
                    Duration.ofSeconds(30),
                    List.of("node", "server.js", "--host", "127.0.0.1", "--port", "0", "--exit-with-stdin"))));
        }
        return instance;
    }

    /** {@code https://127.0.0.1:<port>/}. */
    public String endpoint() {
        return "https://127.0.0.1:" + node.port() + "/";
    }

    public int port() {
        return node.port();
    }

    /**
     * The product's store settings for this server: key authentication, the product's operation timeout,
     * a generous wait for the first connection (a busy test machine), and a cluster (partition) of its own.
     */
    public CosmosStore.Config config(String database) {
        return CosmosStore.Config.of(endpoint(), KEY, null, database)
                .withClusterId("test-" + UUID.randomUUID())
                .withTimeouts(CosmosStore.Config.of(endpoint(), KEY, null, database).operationTimeout(),
                        Duration.ofSeconds(30));
    }

    /** A store on this server with a cluster of its own: the empty state one test starts from. */
    public CosmosStore newStore(String database) {
        return CosmosStore.of(config(database));
    }
}
