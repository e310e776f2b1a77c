package com.fortinet.autoscale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.support.LogCapture;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The levels the app gives the SDKs' loggers, and what then reaches a handler on the root logger. */
class LoggingPolicyTest {
    @AfterEach
    void thePolicyAsTheAppSetsIt() {
        LoggingPolicy.apply();
    }

    @Test
    void theCosmosSdksErrorsForExpectedOutcomesNeverReachTheLog() {
        LoggingPolicy.apply();

        try (LogCapture logs = LogCapture.start()) {
            Logger.getLogger("com.azure.cosmos.implementation.RxGatewayStoreModel")
                    .log(Level.SEVERE, "Non-network failure", new IllegalStateException("404"));
            Logger.getLogger("com.azure.cosmos.CosmosClientBuilder").warning("Cosmos Client started up");
            Logger.getLogger("reactor.core.publisher.Operators").log(Level.SEVERE, "Operator called default onErrorDropped",
                    new IllegalStateException("dropped"));
            Logger.getLogger("io.netty.channel.DefaultChannelPipeline").warning("exceptionCaught() reached the tail");
            Logger.getLogger("com.microsoft.aad.msal4j.ConfidentialClientApplication").severe("token request failed");

            assertEquals("", logs.sdkLines());
        }
    }

    @Test
    void otherAzureSdkWarningsReachTheLogAndTheirInformationDoesNot() {
        LoggingPolicy.apply();

        try (LogCapture logs = LogCapture.start()) {
            Logger identity = Logger.getLogger("com.azure.identity.ManagedIdentityCredential");
            identity.warning("ManagedIdentityCredential authentication unavailable");
            identity.info("Azure Identity => Managed Identity environment: AZURE_CLIENT_ID");

            assertEquals("WARNING com.azure.identity.ManagedIdentityCredential: "
                    + "ManagedIdentityCredential authentication unavailable\n", logs.sdkLines());
        }
    }

    @Test
    void theProductsOwnLinesStillReachTheLogAtInformation() {
        LoggingPolicy.apply();

        try (LogCapture logs = LogCapture.start()) {
            Logger.getLogger("com.fortinet.autoscale.domain.LicenseService").info("cid=1 license granted");
            Logger.getLogger("autoscale.notifications").info("{\"event\":\"primary-elected\"}");
            Logger.getLogger("Function.fgt-as-handler").info("cid=2 200 op=heartbeat");

            assertEquals(3, logs.records().size());
        }
    }

    @Test
    void aLevelTheLoggingConfigurationNamesWinsForDiagnosis() {
        Logger cosmos = Logger.getLogger("com.azure.cosmos");
        cosmos.setLevel(Level.FINE); // as a -Djava.util.logging.config.file with com.azure.cosmos.level=FINE sets it

        LoggingPolicy.apply("com.azure.cosmos"::equals);

        assertEquals(Level.FINE, cosmos.getLevel());
        assertEquals(Level.OFF, Logger.getLogger("reactor").getLevel());
    }

    @Test
    void hostJsonLetsTheAppsLinesAndTheRequestTelemetryThroughAndKeepsTheHostQuiet() throws Exception {
        JsonObject levels = JsonParser.parseString(Files.readString(Path.of("host.json"))).getAsJsonObject()
                .getAsJsonObject("logging").getAsJsonObject("logLevel");

        // Function.<name>.User: the per-request cid= line; Host.Function.Console: the app's java.util.logging lines;
        // Host.Results and Host.Aggregator: requests and metrics, recorded only at Information.
        for (String category : List.of("Function", "Host.Function.Console", "Host.Results", "Host.Aggregator")) {
            assertEquals("Information", levels.get(category).getAsString(), category);
        }
        assertEquals("Warning", levels.get("default").getAsString());
        assertEquals("Warning", levels.get("Worker").getAsString());
    }

    @Test
    void everyFamilyIsQuieterThanTheRootsInformation() {
        for (Map.Entry<String, Level> e : LoggingPolicy.SDK_LEVELS.entrySet()) {
            assertTrue(e.getValue().intValue() > Level.INFO.intValue(), e.getKey());
        }
        assertFalse(LoggingPolicy.SDK_LEVELS.keySet().stream().anyMatch(n -> n.startsWith("com.fortinet")));
    }
}
