package com.fortinet.autoscale.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runner pointed at real Azure scale sets with {@code TERMINATE_UNHEALTHY_VM=true} and without the
 * explicit flag: it exits with status 2 and one line naming both settings, before it reads Azure or opens a port.
 */
class LocalRunnerTerminateGuardIT {
    @TempDir
    Path workDir;

    @Test
    void terminatingAzureVmsFromADevelopersMachineNeedsTheFlag() throws Exception {
        // Setup
        Path jar = Path.of(System.getProperty("local.jar", "target/fortigate-autoscale-local.jar")).toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString()).directory(workDir.toFile())
                .redirectErrorStream(true);
        pb.environment().put("PORT", "0");
        pb.environment().put("AZURE_SUBSCRIPTION_ID", "11111111-2222-3333-4444-555555555555");
        pb.environment().put("RESOURCE_GROUP", "fgt-rg");
        pb.environment().put("TERMINATE_UNHEALTHY_VM", "true");
        pb.environment().remove("LOCAL_ALLOW_AZURE_TERMINATE");

        // Invoke
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "exits by itself");
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank()).toList();

        // Verify
        assertEquals(2, p.exitValue(), String.join("\n", lines));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("local runner not started: TERMINATE_UNHEALTHY_VM=true")
                && lines.get(0).contains("LOCAL_ALLOW_AZURE_TERMINATE=true"), lines.get(0));
    }
}
