package com.fortinet.autoscale.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.local.DemoCluster;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.support.MutableClock;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's local-runner examples, run as written, in the order a newcomer runs them: the curl examples,
 * then the failover walk-through; and the walk-through alone on a fresh runner. The commands are read from
 * the README's {@code bash} blocks (curl, variables, {@code for} loops); {@code sleep} moves the runner's
 * clock instead of waiting.
 */
class ReadmeWalkthroughTest {
    private static final String V1 = "11111111-1111-4111-8111-111111111111";
    private static final String V2 = "22222222-2222-4222-8222-222222222222";

    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Answer> answers = new ArrayList<>();
    private LocalRunner runner;

    private record Answer(String body, String vmId, double atSeconds) {}

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void theFailoverWalkThroughWorksRightAfterTheCurlExamples() throws Exception {
        List<List<String>> blocks = readmeBlocks();
        start();
        run(blocks.get(0));
        double walkStarts = seconds();
        answers.clear();
        run(blocks.get(1));
        assertFailover(walkStarts);
    }

    @Test
    void theFailoverWalkThroughWorksOnAFreshRunner() throws Exception {
        List<List<String>> blocks = readmeBlocks();
        start();
        double walkStarts = seconds();
        run(blocks.get(1));
        assertFailover(walkStarts);
    }

    private void assertFailover(double walkStarts) {
        // the secondary learns of its own election within the walk-through's four 2 s heartbeats, at about 6 s
        Answer elected = answers.stream()
                .filter(a -> a.vmId().equals(V2) && a.body().contains("\"master-ip\":\"10.0.1.5\""))
                .findFirst().orElseThrow(() -> new AssertionError("2222… never told it is primary: " + answers));
        assertEquals(6.0, elected.atSeconds() - walkStarts, 0.001, "failover at about 6 s");
        // the old primary, back, is told the new primary
        Answer demoted = answers.stream().filter(a -> a.vmId().equals(V1)).reduce((a, b) -> b).orElseThrow();
        assertTrue(demoted.body().contains("\"primary-ip\":\"10.0.1.5\""), demoted.body());
        // and cluster-status says so, term 2
        String status = answers.get(answers.size() - 1).body();
        JsonObject primary = JsonParser.parseString(status).getAsJsonObject().getAsJsonObject("primary");
        assertEquals(V2, primary.get("vmId").getAsString(), status);
        assertEquals(2, primary.get("term").getAsInt(), status);
    }

    private void start() throws IOException {
        AppSettings settings = LocalRunner.withLocalDefaults(
                AppSettings.of(Map.of(AppSettings.HEALTH_MONITOR_SCHEDULE, "0 0 0 1 1 *")), 0);
        App app = App.builder(settings).clock(clock).scaleSets(new StaticScaleSets(DemoCluster.members())).build();
        runner = LocalRunner.start(app, 0);
    }

    private double seconds() {
        return clock.instant().getEpochSecond() + clock.instant().getNano() / 1e9;
    }

    /** The {@code bash} blocks of the README's "Local runner" section, as lines without comments. */
    private static List<List<String>> readmeBlocks() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int from = readme.indexOf("\n## Local runner");
        String section = readme.substring(from, readme.indexOf("\n## ", from + 1));
        List<List<String>> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            List<String> lines = new ArrayList<>();
            for (String line : m.group(1).split("\n")) {
                String code = stripComment(line).strip();
                if (!code.isEmpty()) {
                    lines.add(code);
                }
            }
            blocks.add(lines);
        }
        assertEquals(2, blocks.size(), "the Local runner section has the examples and the walk-through");
        return blocks;
    }

    private void run(List<String> lines) throws Exception {
        Map<String, String> vars = new HashMap<>();
        for (String line : lines) {
            Matcher loop = Pattern.compile("for (\\w+) in ([^;]+); do (.*); done").matcher(line);
            if (loop.matches()) {
                for (String value : loop.group(2).trim().split("\\s+")) {
                    vars.put(loop.group(1), value);
                    runCommands(loop.group(3), vars);
                }
            } else {
                runCommands(line, vars);
            }
        }
    }

    private void runCommands(String line, Map<String, String> vars) throws Exception {
        for (String command : splitOutsideQuotes(line, ';')) {
            String beforePipe = splitOutsideQuotes(command, '|').get(0).strip();
            List<String> words = words(beforePipe, vars);
            if (words.isEmpty() || words.get(0).equals("echo")) {
                continue;
            }
            if (words.size() == 1 && words.get(0).contains("=")) {
                String[] kv = words.get(0).split("=", 2);
                vars.put(kv[0], kv[1]);
            } else if (words.get(0).equals("sleep")) {
                clock.advanceSeconds(Double.parseDouble(words.get(1)));
            } else if (words.get(0).equals("curl")) {
                curl(words);
            } else {
                throw new AssertionError("the README runs a command this test does not know: " + command);
            }
        }
    }

    private void curl(List<String> words) throws Exception {
        String url = null;
        String data = null;
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < words.size(); i++) {
            switch (words.get(i)) {
                case "-d" -> data = words.get(++i);
                case "-H" -> {
                    String[] h = words.get(++i).split(":\\s*", 2);
                    headers.put(h[0], h[1]);
                }
                case "-s" -> { }
                default -> url = words.get(i);
            }
        }
        assertTrue(url != null && url.startsWith("http://127.0.0.1:7071/api/"), "README URL: " + url);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.replace(":7071", ":" + runner.port())));
        headers.forEach(b::header);
        b = data == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(data));
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + " " + data + " -> " + response.body());
        String vm = data != null && data.contains(V1) || headers.containsValue(V1) ? V1
                : data != null && data.contains(V2) || headers.containsValue(V2) ? V2 : "";
        answers.add(new Answer(response.body(), vm, seconds()));
    }

    /** Shell words: single and double quotes, backslash escapes inside double quotes, $NAME expansion. */
    private static List<String> words(String command, Map<String, String> vars) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '\\' && quote == '"' && i + 1 < command.length()) {
                w.append(command.charAt(++i));
            } else if (c == '"') {
                quote = quote == '"' ? 0 : '"';
                w = w == null ? new StringBuilder() : w;
            } else if (c == '\'' && quote == 0) {
                quote = '\'';
                w = w == null ? new StringBuilder() : w;
            } else if (c == '$') {
                int end = i + 1;
                while (end < command.length() && (Character.isLetterOrDigit(command.charAt(end)) || command.charAt(end) == '_')) {
                    end++;
                }
                w = w == null ? new StringBuilder() : w;
                w.append(vars.getOrDefault(command.substring(i + 1, end), ""));
                i = end - 1;
            } else if (Character.isWhitespace(c) && quote == 0) {
                if (w != null) {
                    words.add(w.toString());
                    w = null;
                }
            } else {
                w = w == null ? new StringBuilder() : w;
                w.append(c);
            }
        }
        if (w != null) {
            words.add(w.toString());
        }
        return words;
    }

    private static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int at = nextOutsideQuotes(s, 0, c -> c == separator); at >= 0;
                at = nextOutsideQuotes(s, at + 1, c -> c == separator)) {
            parts.add(s.substring(start, at));
            start = at + 1;
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** The line without a trailing {@code # comment} (a {@code #} outside quotes, after a blank or first). */
    private static String stripComment(String line) {
        int at = 0;
        while ((at = nextOutsideQuotes(line, at, c -> c == '#')) >= 0) {
            if (at == 0 || Character.isWhitespace(line.charAt(at - 1))) {
                return line.substring(0, at);
            }
            at++;
        }
        return line;
    }

    /** The index of the first character from {@code from} that matches and stands outside quotes, or -1. */
    private static int nextOutsideQuotes(String s, int from, java.util.function.IntPredicate matches) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quote == '"') {
                i++;
            } else if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (i >= from && matches.test(c)) {
                return i;
            }
        }
        return -1;
    }
}
