package com.fortinet.autoscale.local;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import com.fortinet.autoscale.adapter.local.LocalScaleSetsFile;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.settings.AssetLayout;
import com.fortinet.autoscale.domain.settings.InvalidSettingsException;
import com.fortinet.autoscale.domain.settings.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the local runner checks before it starts anything, so that a configuration mistake stops it with one
 * line naming the setting and what it expected, never half-started (serving without timers, or an empty
 * cluster from a broken file).
 */
final class StartupCheck {
    /** The NCRONTAB form the Functions host takes: six fields, seconds first. */
    private static final CronParser NCRONTAB = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));

    private StartupCheck() {}

    /** Every problem found, one line each naming the setting; empty when the runner may start. */
    static List<String> problems(AppSettings s) {
        List<String> problems = new ArrayList<>();
        check(problems, s::port);
        check(problems, s::settingsCacheTtl);
        check(problems, s::scaleSetsCacheTtl);
        check(problems, s::eventGridQueueCapacity);
        check(problems, s::eventGridTimeout);
        check(problems, () -> Settings.from(s.autoscaleSeed()));
        schedule(problems, s, AppSettings.HEALTH_MONITOR_SCHEDULE);
        schedule(problems, s, AppSettings.FAZ_AUTH_SCHEDULE);
        s.get(AppSettings.LOCAL_ASSET_DIR).ifPresent(dir -> assetDir(problems, s, dir));
        s.get(AppSettings.LOCAL_SCALE_SETS_FILE).ifPresent(file -> scaleSetsFile(problems, file));
        return problems;
    }

    /** The schedule as the runner will use it (checked here, so no timer fails after the port is open). */
    static String schedule(AppSettings s, String name) {
        String value = s.require(name);
        try {
            NCRONTAB.parse(value).validate();
            return value;
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(List.of(name + ": expected an NCRONTAB schedule of six fields,"
                    + " seconds first (e.g. '0 */1 * * * *'), got '" + value + "'"));
        }
    }

    private static void schedule(List<String> problems, AppSettings s, String name) {
        check(problems, () -> schedule(s, name));
    }

    private static void assetDir(List<String> problems, AppSettings s, String dir) {
        Path root = Path.of(dir);
        String prefix;
        try {
            prefix = AssetLayout.of(Settings.from(s.autoscaleSeed())).assetPrefix();
        } catch (InvalidSettingsException e) {
            return; // named by the settings check
        }
        if (!Files.isDirectory(root)) {
            problems.add(AppSettings.LOCAL_ASSET_DIR + ": the folder " + root.toAbsolutePath() + " does not exist");
        } else if (!Files.isDirectory(root.resolve(prefix))) {
            problems.add(AppSettings.LOCAL_ASSET_DIR + ": " + root.toAbsolutePath() + " holds no '" + prefix
                    + "/' folder; expected the asset container's layout: " + prefix + "/configset/<name>, "
                    + prefix + "/license-files/fortigate/<file>");
        }
    }

    private static void scaleSetsFile(List<String> problems, String file) {
        Path path = Path.of(file);
        try {
            LocalScaleSetsFile.parse(Files.readString(path, StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            problems.add(AppSettings.LOCAL_SCALE_SETS_FILE + ": cannot read " + path.toAbsolutePath()
                    + ": no such file");
        } catch (IOException e) {
            problems.add(AppSettings.LOCAL_SCALE_SETS_FILE + ": cannot read " + path.toAbsolutePath());
        } catch (RuntimeException e) {
            problems.add(AppSettings.LOCAL_SCALE_SETS_FILE + ": " + path.toAbsolutePath() + ": " + e.getMessage());
        }
    }

    private static void check(List<String> problems, Supplier<?> check) {
        try {
            check.get();
        } catch (InvalidSettingsException e) {
            problems.addAll(e.problems());
        }
    }
}
