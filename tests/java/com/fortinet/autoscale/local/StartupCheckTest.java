package com.fortinet.autoscale.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.app.AppSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every configuration mistake is named before the runner starts anything, one line each. */
class StartupCheckTest {
    @TempDir
    Path dir;

    private static List<String> problems(Map<String, String> values) {
        return StartupCheck.problems(AppSettings.of(values));
    }

    private static void assertOneProblem(List<String> problems, String setting, String expected) {
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(setting + ": "), problems.get(0));
        assertTrue(problems.get(0).contains(expected), problems.get(0));
        assertTrue(!problems.get(0).contains("Exception"), "no raw Java exception: " + problems.get(0));
    }

    @Test
    void theDefaultsStartCleanly() {
        assertEquals(List.of(), problems(Map.of()));
    }

    @Test
    void aPortThatIsNotANumberIsNamed() {
        assertOneProblem(problems(Map.of("PORT", "abc")), "PORT", "expected a whole number from 0 to 65535, got 'abc'");
        assertOneProblem(problems(Map.of("PORT", "70000")), "PORT", "got '70000'");
    }

    @Test
    void aSettingsCacheThatIsNotANumberIsNamed() {
        assertOneProblem(problems(Map.of("SETTINGS_CACHE_SECONDS", "x")), "SETTINGS_CACHE_SECONDS",
                "expected a number of seconds, got 'x'");
    }

    @Test
    void aFiveFieldScheduleIsNamedWithTheFormExpected() {
        assertOneProblem(problems(Map.of("HEALTH_MONITOR_SCHEDULE", "*/1 * * * *")), "HEALTH_MONITOR_SCHEDULE",
                "six fields, seconds first");
        assertOneProblem(problems(Map.of("FAZ_AUTH_SCHEDULE", "every minute")), "FAZ_AUTH_SCHEDULE", "six fields");
    }

    @Test
    void anAutoscaleSettingOfTheWrongFormIsNamed() {
        List<String> problems = problems(Map.of("HEARTBEAT_LOSS_COUNT", "many"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("heartbeat-loss-count"), problems.get(0));
    }

    @Test
    void anAssetFolderThatDoesNotExistIsNamed() {
        Path missing = dir.resolve("nope");
        assertOneProblem(problems(Map.of("LOCAL_ASSET_DIR", missing.toString())), "LOCAL_ASSET_DIR",
                missing.toAbsolutePath() + " does not exist");
    }

    @Test
    void anAssetFolderWithoutTheContainerLayoutIsNamed() throws IOException {
        Files.createDirectories(dir.resolve("license-files/fortigate"));
        assertOneProblem(problems(Map.of("LOCAL_ASSET_DIR", dir.toString())), "LOCAL_ASSET_DIR", "holds no 'assets/' folder");
        Files.createDirectories(dir.resolve("assets/license-files/fortigate"));
        assertEquals(List.of(), problems(Map.of("LOCAL_ASSET_DIR", dir.toString())));
    }

    @Test
    void aScaleSetsFileThatIsMissingOrBrokenIsNamed() throws IOException {
        Path file = dir.resolve("sets.json");
        assertOneProblem(problems(Map.of("LOCAL_SCALE_SETS_FILE", file.toString())), "LOCAL_SCALE_SETS_FILE",
                "cannot read");
        Files.writeString(file, "{\"scaleSets\": [");
        assertOneProblem(problems(Map.of("LOCAL_SCALE_SETS_FILE", file.toString())), "LOCAL_SCALE_SETS_FILE",
                file.toAbsolutePath().toString());
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertEquals(3, problems(Map.of("PORT", "abc", "SETTINGS_CACHE_SECONDS", "x",
                "HEALTH_MONITOR_SCHEDULE", "* * * * *")).size());
    }
}
