package com.fortinet.autoscale.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.notification.Notification;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Monitoring from the template: the e-mail action group (only with addresses), the scheduled query alert rules on
 * the product's events (each query names only events of the catalogue, with the documented severity) and the
 * workbook. The event catalogue is the README's table, and the README shows each rule's query as deployed.
 */
class ArmMonitoringTest {
    static final String ACTION_GROUPS = "Microsoft.Insights/actionGroups";
    static final String ALERT_RULES = "Microsoft.Insights/scheduledQueryRules";
    static final String WORKBOOKS = "Microsoft.Insights/workbooks";
    static final Path README = Path.of("README.md");

    /** The event catalogue: every {@code event} name the app logs (README, Monitoring and alerts). */
    static final List<String> EVENTS = List.of("primary-elected", "primary-undetermined", "heartbeat-late",
            "vm-unhealthy", "vm-recovering", "vm-recovered", "vm-terminated", "license-out-of-stock",
            "license-claimed", "license-released", "bootstrap-degraded", "bootstrap-failed", "caller-mismatch",
            "controller-gap", "membership-anomaly");

    /** What each rule watches, at which severity (issue 14). */
    record Expected(long severity, Set<String> events) {}

    static final Map<String, Expected> RULES = Map.of(
            "no-primary", new Expected(1, Set.of("primary-elected", "primary-undetermined")),
            "license-out-of-stock", new Expected(1, Set.of("license-out-of-stock")),
            "bootstrap-failed", new Expected(1, Set.of("bootstrap-failed", "bootstrap-degraded")),
            "vm-unhealthy", new Expected(2, Set.of("vm-unhealthy", "vm-terminated")),
            "caller-mismatch", new Expected(2, Set.of("caller-mismatch")),
            "primary-elected", new Expected(3, Set.of("primary-elected")),
            "late-heartbeats", new Expected(3, Set.of("heartbeat-late")));

    /** A double-quoted KQL literal shaped like an event name. */
    private static final Pattern EVENT_LITERAL = Pattern.compile("\"([a-z]+(?:-[a-z]+)+)\"");

    /** A deployed alert rule, evaluated. */
    record Rule(String name, Map<String, Object> values, long severity, String query) {
        /** The evaluated value at a dotted path (one of {@link #PATHS}). */
        Object at(String path) {
            assertTrue(values.containsKey(path), path);
            return values.get(path);
        }
    }

    /** The paths of a rule the tests read, evaluated at the rule's copy index. */
    static final List<String> PATHS = List.of("kind", "properties.enabled", "properties.scopes",
            "properties.evaluationFrequency", "properties.windowSize", "properties.overrideQueryTimeRange",
            "properties.autoMitigate", "properties.criteria.allOf", "properties.actions.actionGroups");

    @Test
    void theActionGroupMailsEveryGivenAddressAndEveryRuleIsWiredToIt() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("alertEmailAddresses",
                List.of("noc@example.org", "oncall@example.org")));
        JsonObject group = d.only(ACTION_GROUPS);

        // Invoke
        List<?> receivers = (List<?>) d.at(group, "properties.emailReceivers");
        List<Rule> rules = rules(d);

        // Verify
        assertTrue(d.deployed(group));
        assertEquals("Global", d.at(group, "location"));
        assertEquals(true, d.at(group, "properties.enabled"));
        assertTrue(ArmEvaluator.text(d.at(group, "properties.groupShortName")).length() <= 12, "short name limit");
        List<Object> addresses = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Object r : receivers) {
            Map<?, ?> m = (Map<?, ?>) r;
            addresses.add(m.get("emailAddress"));
            names.add(ArmEvaluator.text(m.get("name")));
            assertEquals(true, m.get("useCommonAlertSchema"));
        }
        assertEquals(List.of("noc@example.org", "oncall@example.org"), addresses);
        assertEquals(2, names.size(), "receiver names are unique: " + names);
        Object groupId = d.variable("actionGroupId");
        assertEquals(d.resourceIdText(ACTION_GROUPS, d.name(group)), ArmEvaluator.text(groupId));
        for (Rule rule : rules) {
            assertEquals(List.of(groupId), rule.at("properties.actions.actionGroups"), rule.name());
        }
    }

    @Test
    void withoutAddressesThereIsNoActionGroupAndNoRuleIsWiredToOne() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("alertEmailAddresses", List.of()));

        // Invoke
        List<Rule> rules = rules(d);

        // Verify
        assertFalse(d.deployed(d.only(ACTION_GROUPS)));
        assertEquals(RULES.keySet(), names(rules), "the rules stay, visible in the portal's Alerts");
        for (Rule rule : rules) {
            assertEquals(List.of(), rule.at("properties.actions.actionGroups"), rule.name());
        }
        assertEquals(List.of(), ArmDeployment.withDefaults().ev.parameter("alertEmailAddresses"), "no e-mail by default");
    }

    @Test
    void everyAlertRuleQueriesOnlyCatalogueEventsAtItsSeverity() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());

        // Invoke
        List<Rule> rules = rules(d);

        // Verify
        assertEquals(RULES.keySet(), names(rules));
        for (Rule rule : rules) {
            Expected expected = RULES.get(rule.name());
            assertEquals(List.of(), unknownEvents(rule.query()), rule.name() + " names events outside the catalogue");
            assertEquals(expected.events(), eventsNamed(rule.query()), rule.name());
            assertEquals(expected.severity(), rule.severity(), rule.name());
            assertTrue(rule.query().startsWith("traces | where message startswith \"{\" | extend e = parse_json(message)")
                    || rule.query().startsWith("let events = traces | where message startswith \"{\""),
                    rule.name() + " reads the app's JSON log lines: " + rule.query());
            assertEquals("LogAlert", rule.at("kind"));
            assertEquals(true, rule.at("properties.enabled"));
            assertEquals(List.of(d.variable("appInsightsId")), rule.at("properties.scopes"));
            Map<?, ?> criterion = (Map<?, ?>) ((List<?>) rule.at("properties.criteria.allOf")).get(0);
            assertEquals("Count", criterion.get("timeAggregation"));
            assertEquals("GreaterThan", criterion.get("operator"));
            assertTrue(criterion.get("threshold") instanceof Long, rule.name());
            Duration frequency = Duration.parse(ArmEvaluator.text(rule.at("properties.evaluationFrequency")));
            Duration window = Duration.parse(ArmEvaluator.text(rule.at("properties.windowSize")));
            Duration range = Duration.parse(ArmEvaluator.text(rule.at("properties.overrideQueryTimeRange")));
            assertTrue(!frequency.isZero() && frequency.compareTo(window) <= 0, rule.name() + ": evaluated within its window");
            assertTrue(window.compareTo(range) <= 0 && range.compareTo(Duration.ofDays(2)) <= 0, rule.name());
        }
    }

    @Test
    void theNoPrimaryRuleWaitsTheGivenMinutesAndTheLateHeartbeatRuleCountsTheGivenBurst() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of("noPrimaryAlertMinutes", 25L,
                "lateHeartbeatAlertCount", 40L));

        // Invoke
        Map<String, Rule> rules = new LinkedHashMap<>();
        rules(d).forEach(r -> rules.put(r.name(), r));
        Map<?, ?> late = (Map<?, ?>) ((List<?>) rules.get("late-heartbeats").at("properties.criteria.allOf")).get(0);

        // Verify
        assertTrue(rules.get("no-primary").query().endsWith("| where noPrimarySince < ago(25m)"),
                rules.get("no-primary").query());
        assertEquals(true, rules.get("no-primary").at("properties.autoMitigate"), "resolves when a primary is back");
        assertTrue(Duration.parse(ArmEvaluator.text(rules.get("no-primary").at(
                "properties.overrideQueryTimeRange"))).toMinutes() > 25, "the query looks back further than the wait");
        assertEquals(40L, late.get("threshold"));
        assertEquals("PT15M", rules.get("late-heartbeats").at("properties.windowSize"));
    }

    @Test
    void aQueryNamingAnEventOutsideTheCatalogueIsCaught() {
        // Setup
        String typo = "traces | where message startswith \"{\" | extend e = parse_json(message)"
                + " | where tostring(e.event) in (\"primary-elected\", \"vm-unhealty\")";

        // Invoke
        List<String> unknown = unknownEvents(typo);

        // Verify
        assertEquals(List.of("vm-unhealty"), unknown);
    }

    @Test
    void theReadmeCatalogueIsTheCheckedOneAndHoldsEveryEventTheAppNames() throws IOException {
        // Setup
        String section = monitoringSection();

        // Invoke
        List<String> documented = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z-]+)` \\| (SEVERE|WARNING|INFO) \\|").matcher(section);
        while (m.find()) {
            documented.add(m.group(1));
        }

        // Verify
        assertEquals(EVENTS, documented, "the README's event table, in order");
        for (Notification.Type type : Notification.Type.values()) {
            assertTrue(EVENTS.contains(type.wireName()), type.wireName() + " is logged but not in the catalogue");
        }
    }

    @Test
    void theReadmeShowsEachRuleWithTheQueryTheTemplateDeploys() throws IOException {
        // Setup
        ArmDeployment d = ArmDeployment.withDefaults();
        String section = monitoringSection();

        // Invoke
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?s)`(" + String.join("|", RULES.keySet()) + ")`[^\\n]*\\n+```kusto\\n(.*?)```")
                .matcher(section);
        while (m.find()) {
            documented.put(m.group(1), oneLine(m.group(2)));
        }

        // Verify
        Map<String, String> deployed = new LinkedHashMap<>();
        rules(d).forEach(r -> deployed.put(r.name(), oneLine(r.query())));
        assertEquals(deployed.keySet(), documented.keySet());
        deployed.forEach((name, query) -> assertEquals(query, documented.get(name), name));
    }

    @Test
    void theWorkbookShowsPrimaryHealthElectionsHeartbeatsAndLicensesFromCatalogueEvents() {
        // Setup
        ArmDeployment d = ArmDeployment.withExampleParameters(Map.of());
        JsonObject workbook = d.only(WORKBOOKS);

        // Invoke
        JsonObject content = ArmTemplateChecks.parseStrict(ArmEvaluator.text(d.at(workbook, "properties.serializedData")));
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonElement item : content.getAsJsonArray("items")) {
            JsonObject o = item.getAsJsonObject();
            if (o.get("type").getAsInt() == 3) {
                JsonObject c = o.getAsJsonObject("content");
                assertEquals("KqlItem/1.0", c.get("version").getAsString());
                assertEquals("TimeRange", c.get("timeContextFromParameter").getAsString(), o.get("name").getAsString());
                queries.put(o.get("name").getAsString(), c.get("query").getAsString());
            }
        }

        // Verify
        assertTrue(d.deployed(workbook), "deployed in every stage: it needs only Application Insights");
        assertEquals("shared", d.at(workbook, "kind"));
        assertEquals("workbook", d.at(workbook, "properties.category"));
        assertEquals(d.variable("appInsightsId"), d.at(workbook, "properties.sourceId"));
        assertTrue(d.at(workbook, "name") instanceof ArmEvaluator.Sym s && s.text().startsWith("guid("),
                "a workbook's name is a GUID");
        assertEquals("Notebook/1.0", content.get("version").getAsString());
        assertTrue(queries.keySet().containsAll(List.of("current-primary", "health-over-time", "elections",
                "late-heartbeats", "heartbeat-latency", "license-holders", "license-stock")), queries.keySet().toString());
        Set<String> named = new TreeSet<>();
        queries.forEach((name, query) -> {
            assertEquals(List.of(), unknownEvents(query), name);
            named.addAll(eventsNamed(query));
        });
        assertTrue(named.containsAll(Set.of("primary-elected", "primary-undetermined", "vm-unhealthy", "vm-recovered",
                "vm-terminated", "heartbeat-late", "license-claimed", "license-released", "license-out-of-stock")), named.toString());
        assertTrue(queries.get("current-primary").contains("e.details.term"));
        assertTrue(queries.get("elections").contains("reason = tostring(e.details.criteria)"));
        assertTrue(queries.get("heartbeat-latency").startsWith("requests | where name == \"fgt-as-handler\""));
        assertTrue(queries.get("heartbeat-latency").contains("e.details.latencyMs"));
    }

    /** Every alert rule the template deploys (one per copy index), evaluated. */
    static List<Rule> rules(ArmDeployment d) {
        JsonObject rules = d.only(ALERT_RULES);
        long count = (Long) d.eval(rules.getAsJsonObject("copy").get("count"));
        String prefix = ArmEvaluator.text(d.variable("prefix")) + "-alert-";
        List<Rule> out = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                d.ev.atCopyIndex(i);
                assertTrue(d.deployed(rules));
                String name = d.name(rules);
                assertTrue(name.startsWith(prefix), name);
                Map<?, ?> criterion = (Map<?, ?>) ((List<?>) d.at(rules, "properties.criteria.allOf")).get(0);
                Map<String, Object> values = new LinkedHashMap<>();
                PATHS.forEach(path -> values.put(path, d.at(rules, path)));
                out.add(new Rule(name.substring(prefix.length()), values,
                        (Long) d.at(rules, "properties.severity"), ArmEvaluator.text(criterion.get("query"))));
            }
        } finally {
            d.ev.atCopyIndex(null);
        }
        return out;
    }

    /** The event names of the catalogue a query names. */
    static Set<String> eventsNamed(String query) {
        Set<String> out = new TreeSet<>();
        Matcher m = EVENT_LITERAL.matcher(query);
        while (m.find()) {
            if (EVENTS.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** The event-like literals of a query that are not in the catalogue ({@code fgt-as-handler} is a function). */
    static List<String> unknownEvents(String query) {
        List<String> out = new ArrayList<>();
        Matcher m = EVENT_LITERAL.matcher(query);
        while (m.find()) {
            if (!EVENTS.contains(m.group(1)) && !m.group(1).equals("fgt-as-handler")) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static Set<String> names(List<Rule> rules) {
        Set<String> out = new TreeSet<>();
        rules.forEach(r -> out.add(r.name()));
        return out;
    }

    private static String oneLine(String kql) {
        return kql.replaceAll("\\s+", " ").trim();
    }

    private static String monitoringSection() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int start = readme.indexOf("\n## Monitoring and alerts\n");
        assertTrue(start >= 0, "README has a Monitoring and alerts section");
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }
}
