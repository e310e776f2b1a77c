package com.fortinet.autoscale.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.local.DemoCluster;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.cluster.Member;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runner as the README shows it: license files and config sets from {@code LOCAL_ASSET_DIR}, the
 * demo cluster, {@code curl}-style calls over real HTTP.
 */
class LocalRunnerLicensesTest {
    @TempDir
    Path assets;
    private LocalRunner runner;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Member> byol = DemoCluster.members().stream()
            .filter(m -> m.licensing() == Member.Licensing.BYOL).toList();
    private final List<Member> payg = DemoCluster.members().stream()
            .filter(m -> m.licensing() == Member.Licensing.PAYG).toList();

    @BeforeEach
    void start() throws IOException {
        Path licenses = Files.createDirectories(assets.resolve("assets/license-files/fortigate"));
        for (int i = 1; i <= byol.size() + 1; i++) {
            Files.writeString(licenses.resolve("FGVM0" + i + ".lic"), "-----BEGIN FGT VM LICENSE-----\nlocal " + i
                    + "\n-----END FGT VM LICENSE-----\n");
        }
        Path configsets = Files.createDirectories(assets.resolve("assets/configset"));
        Files.writeString(configsets.resolve("baseconfig"), "config system global\n    set hostname \"{@device.vmId}\"\nend\n");
        AppSettings settings = LocalRunner.withLocalDefaults(AppSettings.of(Map.of(
                AppSettings.LOCAL_ASSET_DIR, assets.toString(),
                "ENABLE_SECOND_NIC", "false")), 0);
        runner = LocalRunner.start(App.fromSettings(settings), 0);
    }

    @AfterEach
    void stop() {
        runner.close();
    }

    private HttpResponse<String> get(String function, String vmId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.port() + "/api/" + function))
                .header("Fos-instance-id", vmId).timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDemoFortiGatesGetDistinctLicensesFromTheLocalAssetFolderAndTheSameOnesAgain() throws Exception {
        Set<String> handedOut = new HashSet<>();
        for (Member m : byol) {
            HttpResponse<String> r = get("byol-license", m.vmId().value());
            assertEquals(200, r.statusCode());
            assertTrue(r.body().startsWith("-----BEGIN FGT VM LICENSE-----"), r.body());
            handedOut.add(r.body());
        }
        for (Member m : byol) {
            assertTrue(handedOut.contains(get("byol-license", m.vmId().value()).body()), "the same license again");
        }

        assertEquals(byol.size(), handedOut.size(), "distinct licenses");
        assertEquals(409, get("byol-license", payg.get(0).vmId().value()).statusCode(), "PAYG gets none");
    }

    @Test
    void bootstrapReadsConfigSetsFromTheLocalAssetFolder() throws Exception {
        String vm = byol.get(0).vmId().value();

        HttpResponse<String> r = get("fgt-as-handler", vm);

        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("set hostname \"" + vm + "\""), r.body());
        assertNotEquals(-1, r.body().indexOf("config system global"));
    }
}
