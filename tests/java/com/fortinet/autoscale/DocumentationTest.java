package com.fortinet.autoscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.settings.SettingKey;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation stands alone and stays true to the code: the README's configuration tables,
 * local.settings.json.example and the behaviour reference (docs/behaviour.md) name every setting the code reads;
 * every relative link of README.md and docs/*.md resolves to a file (and heading) of the repository, and nothing
 * points outside it.
 */
class DocumentationTest {
    static final Path ROOT = Path.of("").toAbsolutePath().normalize();
    static final Path BEHAVIOUR = Path.of("docs", "behaviour.md");

    /** An inline link or image, {@code [text](target "title")}; the text may hold one level of brackets. */
    private static final Pattern INLINE_LINK = Pattern.compile(
            "!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** A reference definition, {@code [label]: target}. */
    private static final Pattern REFERENCE = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s|$)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern EXTERNAL = Pattern.compile("(?i)^(https?:|mailto:)");

    static List<String> appSettingConstants() throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Field f : AppSettings.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                names.add((String) f.get(null));
            }
        }
        return names;
    }

    @Test
    void theReadmeDocumentsEverySetting() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        List<String> missing = new ArrayList<>();
        for (SettingKey key : SettingKey.values()) {
            String k = key.key();
            // size settings are documented together: `byol-scaling-group-desired-capacity`, `-min-size`, …
            String shortForm = k.replaceFirst("^(byol|payg)-scaling-group", "");
            if (!readme.contains("`" + k + "`") && !readme.contains("`" + shortForm + "`")) {
                missing.add(k);
            }
        }
        for (String name : appSettingConstants()) {
            if (!readme.contains("`" + name + "`")) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "settings missing from README.md");
    }

    @Test
    void theExampleLocalSettingsHoldEveryAppSetting() throws Exception {
        JsonObject values = JsonParser.parseString(Files.readString(Path.of("local.settings.json.example")))
                .getAsJsonObject().getAsJsonObject("Values");
        assertEquals("java", values.get("FUNCTIONS_WORKER_RUNTIME").getAsString());
        assertTrue(values.has("AzureWebJobsStorage"));
        List<String> missing = new ArrayList<>();
        for (SettingKey key : SettingKey.values()) {
            if (!values.has(key.appSettingName())) {
                missing.add(key.appSettingName());
            }
        }
        for (String name : appSettingConstants()) {
            if (!values.has(name)) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "app settings missing from local.settings.json.example");
    }

    @Test
    void theBehaviourReferenceNamesEverySetting() throws Exception {
        String doc = Files.readString(BEHAVIOUR);
        List<String> missing = new ArrayList<>();
        for (SettingKey key : SettingKey.values()) {
            if (!doc.contains("`" + key.key() + "`")) {
                missing.add(key.key());
            }
        }
        for (String name : appSettingConstants()) {
            if (!doc.contains("`" + name + "`")) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "settings missing from " + BEHAVIOUR);
    }

    /** Every "§N" a code comment cites is a section of the behaviour reference ("## N. …"). */
    @Test
    void everySectionTheCodeCitesIsInTheBehaviourReference() throws Exception {
        Set<String> sections = new TreeSet<>();
        Matcher h = Pattern.compile("(?m)^## (\\d+[a-z]?)\\. ").matcher(Files.readString(BEHAVIOUR));
        while (h.find()) {
            sections.add(h.group(1));
        }
        Set<String> cited = new TreeSet<>();
        for (String dir : List.of("src", "tests")) {
            try (Stream<Path> files = Files.walk(Path.of(dir))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = Pattern.compile("§ ?(\\d+[a-z]?)").matcher(Files.readString(f));
                    while (m.find()) {
                        cited.add(m.group(1));
                    }
                }
            }
        }
        assertTrue(sections.containsAll(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9")), "sections: " + sections);
        cited.removeAll(sections);
        assertEquals(Set.of(), cited, "sections cited in the code but missing from " + BEHAVIOUR);
    }

    @Test
    void everyRelativeLinkResolvesInsideTheRepository() throws Exception {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        for (Path file : markdownFiles()) {
            for (String target : links(prose(Files.readString(file)))) {
                String problem = check(file, target, anchors);
                if (problem != null) {
                    broken.add(ROOT.relativize(file) + ": (" + target + ") " + problem);
                }
            }
        }
        assertEquals(List.of(), broken, "broken links");
    }

    @Test
    void noTextPointsOutsideTheRepository() throws Exception {
        List<String> outside = new ArrayList<>();
        for (Path file : markdownFiles()) {
            String[] lines = prose(Files.readString(file)).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains("../") || lines[i].contains("shared/SPEC") || lines[i].contains("SPEC §")) {
                    outside.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + lines[i].trim());
                }
            }
        }
        assertEquals(List.of(), outside, "text pointing outside the repository (fenced code blocks aside)");
    }

    @Test
    void theLinkCheckerKnowsGitHubsRules() {
        assertEquals("5-bootstrap-configuration-get-fgt-as-handler",
                slug("5. Bootstrap configuration (`GET fgt-as-handler`)"));
        assertEquals("8a-callers", slug("8a. Callers"));
        assertEquals("faz_auth-handler--the-api", slug("[FAZ_auth-handler](x) & the *API*"));
        assertEquals(Set.of("a", "a-1", "b"), headingAnchors("# A\n```\n# not a heading\n```\n## A\n### B #\n"));
        assertEquals(List.of("x.md#y", "z.md"),
                links(prose("[a `code`](x.md#y) `[no](link.md)`\n```\n[no](fenced.md)\n```\n[r]: z.md\n")));
        assertEquals(null, check(ROOT.resolve("README.md"), "docs/behaviour.md#7-settings", new HashMap<>()));
        assertTrue(check(ROOT.resolve("README.md"), "../shared/SPEC.md", new HashMap<>()).contains("outside"));
        assertTrue(check(ROOT.resolve("README.md"), "docs/behaviour.md#no-such-heading", new HashMap<>())
                .contains("no heading"));
        assertTrue(check(ROOT.resolve("README.md"), "docs/missing.md", new HashMap<>()).contains("no such file"));
    }

    /** README.md and every Markdown file under docs/. */
    static List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        Path docs = ROOT.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> walk = Files.walk(docs)) {
                walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    /** The text with fenced code blocks blanked (their lines kept, empty), so line numbers stay true. */
    static String prose(String markdown) {
        StringBuilder out = new StringBuilder();
        String fence = null;
        for (String line : markdown.split("\n", -1)) {
            String t = line.stripLeading();
            if (fence == null && (t.startsWith("```") || t.startsWith("~~~"))) {
                fence = t.substring(0, 3);
                out.append('\n');
            } else if (fence != null) {
                if (t.startsWith(fence)) {
                    fence = null;
                }
                out.append('\n');
            } else {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** The targets of the inline links, images and reference definitions of some prose; code spans are no links. */
    static List<String> links(String prose) {
        String text = INLINE_CODE.matcher(prose).replaceAll("code");
        List<String> targets = new ArrayList<>();
        Matcher m = INLINE_LINK.matcher(text);
        while (m.find()) {
            targets.add(m.group(1));
        }
        m = REFERENCE.matcher(text);
        while (m.find()) {
            targets.add(m.group(1));
        }
        return targets;
    }

    /** Why a link of {@code file} does not resolve inside the repository, or null when it does. */
    static String check(Path file, String target, Map<Path, Set<String>> anchors) {
        if (target.isEmpty()) {
            return "empty link";
        }
        if (EXTERNAL.matcher(target).find()) {
            return null;
        }
        if (target.matches("(?i)^[a-z][a-z0-9+.-]*:.*") || target.startsWith("//")) {
            return "not a relative link or an http(s) URL";
        }
        int hash = target.indexOf('#');
        String path = decode(hash < 0 ? target : target.substring(0, hash));
        String anchor = hash < 0 ? null : decode(target.substring(hash + 1));
        if (path.startsWith("/")) {
            return "absolute path: use a link relative to the file";
        }
        Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!resolved.startsWith(ROOT)) {
            return "points outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file in the repository";
        }
        if (anchor != null && resolved.toString().endsWith(".md")) {
            Set<String> known = anchors.computeIfAbsent(resolved, p -> {
                try {
                    return headingAnchors(Files.readString(p));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            if (!known.contains(anchor)) {
                return "no heading with anchor #" + anchor + " in " + ROOT.relativize(resolved);
            }
        }
        return null;
    }

    /** The anchors GitHub gives the headings of a Markdown file (duplicates get -1, -2, …). */
    static Set<String> headingAnchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(markdown).split("\n")) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                String base = slug(m.group(1));
                int n = seen.merge(base, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? base : base + "-" + n);
            }
        }
        return anchors;
    }

    /**
     * GitHub's heading anchor: the rendered text (link text for links, no code marks), lower-cased, without
     * characters other than letters, marks, digits, connector punctuation, spaces and hyphens; spaces become
     * hyphens.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replaceAll("<[^>]+>", "")
                .replace("`", "");
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
                .replace(' ', '-');
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
