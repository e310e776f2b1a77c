package com.fortinet.autoscale.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/check-ready.sh}, the gate between the app stage and starting the FortiGates, run with stand-ins
 * for {@code az} and {@code curl} on its PATH: ready only with enough licenses and a 400 from the handler.
 */
class CheckReadyScriptTest {
    private static final Path SCRIPT = Path.of("scripts", "check-ready.sh");

    @TempDir
    Path bin;

    /** The script's exit status and output. */
    record Run(int exit, String out) {}

    @Test
    void theAppIsReadyWhenTheLicensesAreThereAndTheHandlerAnswers400() throws Exception {
        // Setup
        fakeAz(2, 2);
        fakeCurl("400");

        // Invoke
        Run run = run(Map.of("FORTIGATE_KEY", "k"));

        // Verify
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("ready: GET https://fgtas-func-x.azurewebsites.net/api/fgt-as-handler answers 400"),
                run.out());
        String curlArgs = Files.readString(bin.resolve("curl.args"));
        assertTrue(curlArgs.contains("https://fgtas-func-x.azurewebsites.net/api/fgt-as-handler?code=k"), curlArgs);
    }

    @Test
    void tooFewLicensesIsNotReadyAndTheHandlerIsNotEvenAsked() throws Exception {
        // Setup
        fakeAz(1, 2);
        fakeCurl("400");

        // Invoke
        Run run = run(Map.of("FORTIGATE_KEY", "k"));

        // Verify
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains("1 license file(s)") && run.out().contains("2 needed"), run.out());
        assertTrue(!Files.exists(bin.resolve("curl.args")), "no probe before the licenses are in place");
    }

    @Test
    void aHandlerThatAnswers404Or401IsNotReadyAndTheReasonIsNamed() throws Exception {
        for (String code : List.of("404", "401", "503")) {
            // Setup
            fakeAz(2, 2);
            fakeCurl(code);

            // Invoke
            Run run = run(Map.of("FORTIGATE_KEY", "k", "CHECK_READY_TIMEOUT", "0", "CHECK_READY_INTERVAL", "0"));

            // Verify
            assertEquals(1, run.exit(), run.out());
            assertTrue(run.out().contains("not ready: GET") && run.out().contains("answered " + code), run.out());
        }
    }

    @Test
    void withoutTheFortiGatesKeyItRefusesToRun() throws Exception {
        // Setup
        fakeAz(2, 2);
        fakeCurl("400");

        // Invoke
        Run run = run(Map.of());

        // Verify
        assertEquals(2, run.exit(), run.out());
        assertTrue(run.out().contains("FORTIGATE_KEY is not set"), run.out());
    }

    /** An {@code az} that answers the deployment's outputs and parameters and a license count. */
    private void fakeAz(int licenses, int desired) throws IOException {
        write("az", """
                #!/usr/bin/env bash
                args="$*"
                case "$args" in
                  *outputs.functionAppName.value*) echo fgtas-func-x ;;
                  *outputs.storageAccountName.value*) echo fgtasstx ;;
                  *outputs.assetContainerName.value*) echo fortigate-autoscale ;;
                  *outputs.licenseBlobPrefix.value*) echo assets/license-files/fortigate ;;
                  *outputs.byolScaleSetName.value*) echo fgtas-byol ;;
                  *parameters.byolDesiredCapacity.value*) echo %d ;;
                  "storage blob list"*"--prefix assets/license-files/fortigate/"*) echo %d ;;
                  *) echo "unexpected az $args" >&2; exit 3 ;;
                esac
                """.formatted(desired, licenses));
    }

    /** A {@code curl} that prints the given HTTP status and records its arguments. */
    private void fakeCurl(String code) throws IOException {
        Files.deleteIfExists(bin.resolve("curl.args"));
        write("curl", """
                #!/usr/bin/env bash
                echo "$*" >> "$(dirname "$0")/curl.args"
                printf '%s' '""" + code + "'\n");
    }

    private void write(String name, String text) throws IOException {
        Path f = bin.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Run run(Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString(), "fortigate-autoscale-rg", "fortigate-autoscale"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("FORTIGATE_KEY");
        pb.environment().putAll(env);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the script ends");
        return new Run(p.exitValue(), out);
    }
}
