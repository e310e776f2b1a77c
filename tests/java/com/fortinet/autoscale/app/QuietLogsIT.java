package com.fortinet.autoscale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.BlobContainerClient;
import com.fortinet.autoscale.adapter.cosmos.CosmosHealthRecords;
import com.fortinet.autoscale.adapter.local.DemoCluster;
import com.fortinet.autoscale.functions.ByolLicenseFunction;
import com.fortinet.autoscale.functions.FgtAsHandlerFunction;
import com.fortinet.autoscale.support.AzuriteServer;
import com.fortinet.autoscale.support.CosmosServer;
import com.fortinet.autoscale.support.HttpMocks;
import com.fortinet.autoscale.support.LogCapture;
import com.microsoft.azure.functions.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app built by the composition root, as on Azure, against the real servers: heartbeats, bootstraps and license
 * requests whose store answers include the expected "no" outcomes (absent record, conflict, precondition failed,
 * missing blob) reach the log only as the product's own lines — no stack trace, no SDK error.
 */
class QuietLogsIT {
    private static final String LICENSE = "-----BEGIN FGT VM LICENSE-----\nQAAAAB1\n-----END FGT VM LICENSE-----\n";

    @TempDir
    Path assets;
    private final String primary = DemoCluster.members().get(0).vmId().value();
    private final String secondary = DemoCluster.members().get(1).vmId().value();

    /**
     * The JVM's first Cosmos DB client starts before the app's requests, so that a busy test machine's cold start
     * (class loading, TLS) does not exceed the product's 5 s wait for the first connection. The app shares that
     * client (same account and timeouts); its database and containers are still created by the requests below.
     */
    @BeforeAll
    static void startTheCosmosClient() {
        new CosmosHealthRecords(CosmosServer.get().newStore("quiet-logs-warm-up")).read(DemoCluster.members().get(0).vmId());
    }

    /**
     * Every logger as a fresh Functions worker has it (the root's INFO): whatever quieting an earlier test's app
     * applied is undone, so that only the app built here can quiet the SDKs.
     */
    @BeforeEach
    void sdkLoggersAsAFreshProcessHasThem() {
        for (String name : Collections.list(LogManager.getLogManager().getLoggerNames())) {
            Logger logger = LogManager.getLogManager().getLogger(name);
            if (logger != null && !name.isEmpty() && !name.startsWith("com.fortinet.")) {
                logger.setLevel(null);
            }
        }
    }

    private Map<String, String> deviceSettings() {
        Map<String, String> values = new HashMap<>();
        values.put("AUTOSCALE_HANDLER_URL", "https://fn.example/api/fgt-as-handler");
        values.put("FORTIGATE_PSK_SECRET", "psk");
        values.put("FORTIGATE_AUTOSCALE_VIRTUAL_NETWORK_CIDR", "10.0.0.0/16");
        values.put("BYOL_SCALING_GROUP_NAME", "byol");
        values.put("PAYG_SCALING_GROUP_NAME", "payg");
        return values;
    }

    @Test
    void heartbeatsBootstrapsAndLicenseRequestsInCosmosModeLogNoStackTraceAndNoSdkError() throws Exception {
        // Setup: state in a database of its own on the Cosmos DB test server, license files in a local folder.
        CosmosServer cosmos = CosmosServer.get();
        Path licenses = Files.createDirectories(assets.resolve("assets/license-files/fortigate"));
        Files.writeString(licenses.resolve("FGVM01.lic"), LICENSE);
        Map<String, String> values = deviceSettings();
        values.put(AppSettings.COSMOS_ENDPOINT, cosmos.endpoint());
        values.put(AppSettings.COSMOS_KEY, CosmosServer.KEY);
        values.put(AppSettings.COSMOS_DATABASE, "quiet-" + UUID.randomUUID());
        values.put(AppSettings.LOCAL_ASSET_DIR, assets.toString());

        try (LogCapture logs = LogCapture.start()) {
            App app = App.fromSettings(AppSettings.of(values));

            // Invoke: first heartbeats (absent records, election created), steady ones (conditional replaces),
            // a heartbeat from a second function instance (a stale base: precondition failed), bootstraps, a license
            // granted, asked again, and refused (none free: a conflict on the only license).
            List<Integer> statuses = new java.util.ArrayList<>();
            statuses.add(heartbeat(app, primary));
            statuses.add(heartbeat(app, secondary));
            statuses.add(heartbeat(app, primary));
            statuses.add(heartbeat(App.fromSettings(AppSettings.of(values)), primary));
            statuses.add(bootstrap(app, primary));
            statuses.add(bootstrap(app, secondary));
            statuses.add(license(app, primary));
            statuses.add(license(app, primary));
            statuses.add(license(app, secondary));

            // Verify
            assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 200, 200), statuses);
            assertEquals("", logs.stackTracesAndSdkErrors(), "logged for expected outcomes in Cosmos mode");
            assertEquals("", logs.sdkLines(), "SDK lines at INFO and above in Cosmos mode");
        }
    }

    @Test
    void heartbeatsBootstrapsAndLicenseRequestsInBlobModeLogNoStackTraceAndNoSdkError() {
        // Setup: config sets and license files in Azurite (the built-in config sets absent from the container).
        AzuriteServer azurite = AzuriteServer.get();
        BlobContainerClient container = azurite.newContainer("quiet");
        AzuriteServer.upload(container, "assets/license-files/fortigate/FGVM01.lic", LICENSE);
        Map<String, String> values = deviceSettings();
        values.put(AppSettings.ASSET_STORAGE_CONNECTION_STRING, azurite.connectionString());
        values.put("ASSET_STORAGE_NAME", container.getBlobContainerName());

        try (LogCapture logs = LogCapture.start()) {
            App app = App.fromSettings(AppSettings.of(values));

            List<Integer> statuses = List.of(
                    heartbeat(app, primary), heartbeat(app, secondary),
                    bootstrap(app, primary), bootstrap(app, secondary),
                    license(app, primary), license(app, primary), license(app, secondary));

            assertEquals(List.of(200, 200, 200, 200, 200, 200, 200), statuses);
            assertEquals("", logs.stackTracesAndSdkErrors(), "logged for expected outcomes in Blob mode");
            assertEquals("", logs.sdkLines(), "SDK lines at INFO and above in Blob mode");
        }
    }

    @Test
    void theCaptureSeesAnSdkErrorWithItsStackTrace() {
        // The check above is only as good as the capture: an SDK logger's error with a stack trace is reported.
        try (LogCapture logs = LogCapture.start()) {
            Logger.getLogger("com.azure.cosmos.implementation.RxGatewayStoreModel")
                    .log(java.util.logging.Level.SEVERE, "Unrecognized status code", new IllegalStateException("404"));

            String reported = logs.stackTracesAndSdkErrors();
            assertTrue(reported.contains("SEVERE com.azure.cosmos.implementation.RxGatewayStoreModel"), reported);
            assertTrue(reported.contains("IllegalStateException: 404"), reported);
        }
    }

    private static int heartbeat(App app, String vm) {
        HttpMocks.Context ctx = new HttpMocks.Context();
        return new FgtAsHandlerFunction(app).run(HttpMocks.request(HttpMethod.POST, Map.of(),
                "{\"instance\":\"" + vm + "\",\"interval\":30}"), ctx.context).getStatusCode();
    }

    private static int bootstrap(App app, String vm) {
        HttpMocks.Context ctx = new HttpMocks.Context();
        return new FgtAsHandlerFunction(app).run(HttpMocks.request(HttpMethod.GET, Map.of("Fos-instance-id", vm),
                null), ctx.context).getStatusCode();
    }

    private static int license(App app, String vm) {
        HttpMocks.Context ctx = new HttpMocks.Context();
        return new ByolLicenseFunction(app).run(HttpMocks.request(HttpMethod.GET, Map.of("Fos-instance-id", vm),
                null), ctx.context).getStatusCode();
    }
}
