package com.fortinet.autoscale.local;

import com.fortinet.autoscale.adapter.local.LocalScaleSetsFile;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.settings.AssetLayout;
import com.fortinet.autoscale.domain.settings.Settings;
import com.fortinet.autoscale.adapter.local.DemoCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * The start banner's account of what the runner loaded: settings file, state store, scale sets and their
 * members, assets and license count. Never a secret: a connection string or key is named, not shown.
 */
final class Loaded {
    private Loaded() {}

    static List<String> describe(AppSettings s, Path settingsFile) {
        return List.of(settings(settingsFile), state(s), scaleSets(s), assets(s));
    }

    /** The start banner: where it listens, what it serves and runs, what it loaded, and for the demo what to try. */
    static void printBanner(PrintStream out, int port, List<String> functions, List<String> timers, AppSettings settings,
                            Path settingsFile) {
        String base = "http://127.0.0.1:" + port + "/api";
        out.println("FortiGate Autoscale local runner listening on " + base + "/ (Ctrl-C stops it)");
        out.println("functions: " + String.join(", ", functions)
                + (timers.isEmpty() ? "" : "; timers: " + String.join(", ", timers)));
        for (String line : describe(settings, settingsFile)) {
            out.println(line);
        }
        if (settings.get(AppSettings.LOCAL_SCALE_SETS_FILE).isEmpty()) {
            out.println("demo cluster (set LOCAL_SCALE_SETS_FILE to use your own):");
            for (Member m : DemoCluster.members()) {
                out.println("  " + m.vmId() + "  " + m.scaleSet() + "  " + m.privateIp());
            }
            String vm = DemoCluster.members().get(0).vmId().value();
            out.println("try:");
            out.println("  curl -H 'Fos-instance-id: " + vm + "' " + base + "/fgt-as-handler");
            out.println("  curl -d '{\"instance\":\"" + vm + "\",\"interval\":30}' " + base + "/fgt-as-handler");
            out.println("  curl " + base + "/cluster-status");
            out.println("  curl -H 'Fos-instance-id: " + vm + "' " + base + "/byol-license"
                    + "   (license files: LOCAL_ASSET_DIR/assets/license-files/fortigate/)");
        }
        out.flush();
    }

    private static String settings(Path file) {
        return file == null
                ? "settings: environment only (copy local.settings.json.example to local.settings.json to keep them)"
                : "settings: " + file.toAbsolutePath() + ", overridden by the environment";
    }

    private static String state(AppSettings s) {
        return s.get(AppSettings.COSMOS_ENDPOINT)
                .map(e -> "state: Cosmos DB " + e + ", database " + s.require(AppSettings.COSMOS_DATABASE))
                .orElse("state: in memory (lost when the runner stops; set COSMOS_ENDPOINT to keep it)");
    }

    private static String scaleSets(AppSettings s) {
        if (s.get(AppSettings.AZURE_SUBSCRIPTION_ID).isPresent()) {
            return "scale sets: Azure subscription " + s.require(AppSettings.AZURE_SUBSCRIPTION_ID)
                    + ", resource group " + s.get(AppSettings.RESOURCE_GROUP).orElse("(not set)");
        }
        return s.get(AppSettings.LOCAL_SCALE_SETS_FILE).map(f -> {
            try {
                Collection<Member> members = LocalScaleSetsFile.parse(
                        Files.readString(Path.of(f), StandardCharsets.UTF_8)).values();
                return "scale sets: " + Path.of(f).toAbsolutePath() + ": " + groups(members) + " scale set(s), "
                        + members.size() + " FortiGate(s); re-read when it changes";
            } catch (IOException | RuntimeException e) {
                return "scale sets: " + f + " (unreadable now: " + e.getMessage() + ")";
            }
        }).orElse("scale sets: the demo cluster, " + DemoCluster.members().size()
                + " FortiGates (set LOCAL_SCALE_SETS_FILE to use your own)");
    }

    private static long groups(Collection<Member> members) {
        return members.stream().map(Member::scaleSet).distinct().count();
    }

    private static String assets(AppSettings s) {
        if (s.get(AppSettings.ASSET_STORAGE_CONNECTION_STRING).isPresent()) {
            return "assets: Blob Storage (ASSET_STORAGE_CONNECTION_STRING)";
        }
        if (s.get(AppSettings.ASSET_STORAGE_ENDPOINT).isPresent()) {
            return "assets: Blob Storage " + s.require(AppSettings.ASSET_STORAGE_ENDPOINT);
        }
        return s.get(AppSettings.LOCAL_ASSET_DIR).map(dir -> {
            Path licenses = Path.of(dir).resolve(AssetLayout.of(Settings.from(s.autoscaleSeed())).licensePrefix());
            return "assets: folder " + Path.of(dir).toAbsolutePath() + "; " + count(licenses) + " license file(s) in "
                    + licenses.toAbsolutePath();
        }).orElse("assets: the built-in config sets; no license files (set LOCAL_ASSET_DIR)");
    }

    private static long count(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
