package com.fortinet.autoscale.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.memory.InMemoryElectionRecords;
import com.fortinet.autoscale.adapter.memory.InMemoryHealthRecords;
import com.fortinet.autoscale.adapter.memory.InMemoryLicenseUsage;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.health.Heartbeat;
import com.fortinet.autoscale.domain.licensing.LicenseAssignment;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.support.CountingScaleSets;
import com.fortinet.autoscale.support.HttpMocks;
import com.fortinet.autoscale.support.MutableClock;
import com.google.gson.JsonParser;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Event Grid deliveries to {@code fgt-as-handler}, with a mocked request and invocation context. */
class ScalingEventsTest {
    private static final String SET_ID = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/fgt-rg"
            + "/providers/Microsoft.Compute/virtualMachineScaleSets/byol";
    private static final Member A = new Member(VmId.of("a0000000-0000-4000-8000-000000000000"), "byol",
            Member.Licensing.BYOL, "0", "10.0.1.10");
    private static final Member B = new Member(VmId.of("a0000001-0000-4000-8000-000000000000"), "byol",
            Member.Licensing.BYOL, "1", "10.0.1.11");

    private MutableClock clock;
    private StaticScaleSets scaleSets;
    private CountingScaleSets counting;
    private App app;
    private final InMemoryHealthRecords health = new InMemoryHealthRecords();
    private final InMemoryElectionRecords elections = new InMemoryElectionRecords();
    private final InMemoryLicenseUsage licenseUsage = new InMemoryLicenseUsage();
    private FgtAsHandlerFunction function;
    private final HttpMocks.Context log = new HttpMocks.Context();

    @BeforeEach
    void cluster() {
        clock = MutableClock.at("2026-11-21T10:00:00Z");
        scaleSets = new StaticScaleSets(List.of(A, B));
        counting = new CountingScaleSets(scaleSets);
        app = App.builder(AppSettings.of(Map.of(
                        "RESOURCE_GROUP", "fgt-rg",
                        "BYOL_SCALING_GROUP_NAME", "byol",
                        "PAYG_SCALING_GROUP_NAME", "payg")))
                .clock(clock)
                .scaleSets(counting)
                .healthRecords(health)
                .electionRecords(elections)
                .licenseUsage(licenseUsage)
                .build();
        function = new FgtAsHandlerFunction(app);
        for (Member m : List.of(A, B)) {
            app.heartbeats().handle(Heartbeat.minimal(m.vmId(), Duration.ofSeconds(30)), "setup");
        }
    }

    @Test
    void theSubscriptionValidationHandshakeEchoesTheCode() {
        // Setup
        String body = "[{\"id\":\"2d1781af-3a4c-4d7c-bd0c-e34b19da4e66\",\"topic\":\"/subscriptions/x\","
                + "\"subject\":\"\",\"data\":{\"validationCode\":\"512d38b6-c7b8-40c8-89fe-f46f9e9622b6\","
                + "\"validationUrl\":\"https://rp-eastus2.eventgrid.azure.net/validate?code=abc\"},"
                + "\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\",\"eventTime\":\"2026-11-21T10:00:00Z\","
                + "\"metadataVersion\":\"1\",\"dataVersion\":\"2\"}]";

        // Invoke
        HttpResponseMessage response = post(Map.of("aeg-event-type", "SubscriptionValidation"), body);

        // Verify
        assertEquals(200, response.getStatusCode());
        assertEquals("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", JsonParser.parseString((String) response.getBody())
                .getAsJsonObject().get("validationResponse").getAsString());
    }

    @Test
    void aDeleteEventCleansUpTheInstanceAtOnceAndARepeatIsANoOp() {
        // Setup
        licenseUsage.create(new LicenseAssignment("ab".repeat(32), "b.lic", B.vmId(), "byol", clock.instant()));
        scaleSets.remove(B.vmId());
        String body = eventGridDelete(SET_ID + "/virtualMachines/1");

        // Invoke
        HttpResponseMessage first = post(Map.of("aeg-event-type", "Notification"), body);

        // Verify
        assertEquals(200, first.getStatusCode());
        assertTrue(health.read(B.vmId()).isEmpty());
        assertTrue(licenseUsage.readAll().isEmpty());
        assertTrue(health.read(A.vmId()).isPresent());

        // Invoke: Event Grid delivers it again
        String versionA = health.read(A.vmId()).orElseThrow().version();
        HttpResponseMessage repeat = post(Map.of("aeg-event-type", "Notification"), body);

        // Verify
        assertEquals(200, repeat.getStatusCode());
        assertEquals(versionA, health.read(A.vmId()).orElseThrow().version());
    }

    @Test
    void deletingThePrimaryElectsAtOnce() {
        // Setup
        assertEquals(A.vmId(), elections.read().orElseThrow().value().vmId());
        scaleSets.remove(A.vmId());

        // Invoke
        HttpResponseMessage response = post(Map.of("aeg-event-type", "Notification"),
                eventGridDelete(SET_ID + "/virtualMachines/0"));

        // Verify
        assertEquals(200, response.getStatusCode());
        assertEquals(B.vmId(), elections.read().orElseThrow().value().vmId());
    }

    @Test
    void aDeliveryNamingTenVmsReadsTheMembersOnceAndLogsEachEvent() {
        // Setup: ten more FortiGates, then a scale-in deletes them and the primary A in one delivery
        List<Member> leaving = new ArrayList<>(List.of(A));
        for (int n = 2; n < 11; n++) {
            Member m = new Member(VmId.of(String.format("a%07d-0000-4000-8000-000000000000", n)), "byol",
                    Member.Licensing.BYOL, String.valueOf(n), "10.0.1." + (10 + n));
            scaleSets.add(m);
            app.heartbeats().handle(Heartbeat.minimal(m.vmId(), Duration.ofSeconds(30)), "setup");
            leaving.add(m);
        }
        licenseUsage.create(new LicenseAssignment("cd".repeat(32), "a.lic", A.vmId(), "byol", clock.instant()));
        leaving.forEach(m -> scaleSets.remove(m.vmId()));
        List<String> events = new ArrayList<>();
        for (Member m : leaving) {
            events.add(eventGridDelete(SET_ID + "/virtualMachines/" + m.instanceId()).replaceAll("^\\[|\\]$", ""));
        }
        int readsBefore = counting.membersReads();

        // Invoke
        HttpResponseMessage response = post(Map.of("aeg-event-type", "Notification"), "[" + String.join(",", events) + "]");

        // Verify: one membership read for the whole delivery; every record gone, B elected once
        assertEquals(200, response.getStatusCode());
        assertEquals(1, counting.membersReads() - readsBefore);
        for (Member m : leaving) {
            assertTrue(health.read(m.vmId()).isEmpty(), m.vmId().value());
        }
        assertTrue(licenseUsage.readAll().isEmpty());
        assertEquals(B.vmId(), elections.read().orElseThrow().value().vmId());
        assertEquals(2, elections.read().orElseThrow().value().term());
        String text = log.log();
        assertEquals(10, text.lines().filter(l -> l.contains("op=scaling-event ") && l.contains("outcome=cleaned")).count(),
                text);
        assertTrue(text.contains("scaleSet=\"byol\" instance=\"0\" outcome=cleaned removed=[" + A.vmId().value()
                + "] licensesReleased=1"), text);
        assertTrue(text.contains("op=scaling-events events=10 managed=10 removed=["), text);
        assertTrue(text.contains("licensesReleased=1 election=" + B.vmId().value() + "/term2 status=200"), text);
    }

    @Test
    void aCloudEventsDeliveryIsUnderstoodToo() {
        // Setup: structured mode, one event, no aeg-event-type header
        scaleSets.remove(B.vmId());
        String body = "{\"specversion\":\"1.0\",\"type\":\"Microsoft.Resources.ResourceDeleteSuccess\","
                + "\"source\":\"/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/fgt-rg\","
                + "\"id\":\"c2b7a1f0\",\"time\":\"2026-11-21T10:00:00Z\",\"subject\":\"" + SET_ID
                + "/virtualMachines/1\",\"data\":{\"operationName\":"
                + "\"Microsoft.Compute/virtualMachineScaleSets/virtualMachines/delete\",\"status\":\"Succeeded\"}}";

        // Invoke
        HttpResponseMessage response = post(Map.of("Content-Type", "application/cloudevents+json; charset=utf-8"), body);

        // Verify
        assertEquals(200, response.getStatusCode());
        assertTrue(health.read(B.vmId()).isEmpty());
    }

    @Test
    void foreignEventsAreAcknowledgedAndChangeNothing() {
        // Setup
        scaleSets.remove(B.vmId());
        String body = "[" + event("Microsoft.Storage.BlobCreated",
                "/blobServices/default/containers/fortigate-autoscale/blobs/x", "{\"url\":\"https://x\"}") + ","
                + event("Microsoft.Resources.ResourceDeleteSuccess",
                        "/subscriptions/s/resourceGroups/fgt-rg/providers/Microsoft.Network/networkInterfaces/nic1",
                        "{}") + ","
                + event("Microsoft.Resources.ResourceDeleteSuccess",
                        "/subscriptions/s/resourceGroups/fgt-rg/providers/Microsoft.Compute/virtualMachineScaleSets/web/virtualMachines/1",
                        "{}") + "]";

        // Invoke
        HttpResponseMessage response = post(Map.of("aeg-event-type", "Notification"), body);

        // Verify
        assertEquals(200, response.getStatusCode());
        assertTrue(health.read(B.vmId()).isPresent());
        assertTrue(log.log().contains("type=\"Microsoft.Storage.BlobCreated\" ignored"), log.log());
        assertTrue(log.log().contains("scaleSet=\"web\" instance=\"1\" outcome=ignored"), log.log());
        assertTrue(log.log().contains("op=scaling-events events=3 managed=0 status=200"), log.log());
    }

    @Test
    void aMalformedDeliveryGetsA400WithAOneLineReasonAndChangesNothing() {
        // Setup
        scaleSets.remove(B.vmId());
        Map<String, String> reasons = new HashMap<>();

        // Invoke
        String bad = eventGridDelete(SET_ID + "/virtualMachines/1").replace("]", ",{\"id\":\"x\"}]");
        for (String body : List.of("not json {", "42", "[]", bad, "[\"text\"]")) {
            HttpResponseMessage r = post(Map.of("aeg-event-type", "Notification"), body);
            assertEquals(400, r.getStatusCode(), body);
            reasons.put(body, (String) r.getBody());
        }
        HttpResponseMessage noCode = post(Map.of("aeg-event-type", "SubscriptionValidation"),
                "[{\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\",\"data\":{}}]");

        // Verify: the valid delete in the bad batch was not applied
        assertEquals(400, noCode.getStatusCode());
        assertEquals("event 1 has no eventType", reasons.get(bad));
        assertEquals("body is not valid JSON", reasons.get("not json {"));
        for (String reason : reasons.values()) {
            assertFalse(reason.contains("\n") || reason.contains("Exception"), reason);
        }
        assertTrue(health.read(B.vmId()).isPresent());
    }

    @Test
    void theCloudEventsWebhookHandshakeAllowsTheOrigin() {
        // Invoke
        HttpResponseMessage response = function.run(HttpMocks.request(HttpMethod.OPTIONS,
                Map.of("WebHook-Request-Origin", "eventgrid.azure.net"), null), log.context);

        // Verify
        assertEquals(200, response.getStatusCode());
        assertEquals("eventgrid.azure.net", response.getHeader("WebHook-Allowed-Origin"));
    }

    private static String eventGridDelete(String resourceId) {
        return "[" + event("Microsoft.Resources.ResourceDeleteSuccess", resourceId,
                "{\"resourceProvider\":\"Microsoft.Compute\",\"resourceUri\":\"" + resourceId + "\","
                        + "\"operationName\":\"Microsoft.Compute/virtualMachineScaleSets/virtualMachines/delete\","
                        + "\"status\":\"Succeeded\",\"subscriptionId\":\"11111111-2222-3333-4444-555555555555\"}") + "]";
    }

    private static String event(String type, String subject, String data) {
        return "{\"id\":\"" + Integer.toHexString(subject.hashCode()) + "\",\"topic\":\"/subscriptions/s\","
                + "\"subject\":\"" + subject + "\",\"eventType\":\"" + type + "\","
                + "\"eventTime\":\"2026-11-21T10:00:00Z\",\"data\":" + data + ",\"dataVersion\":\"2\","
                + "\"metadataVersion\":\"1\"}";
    }

    private HttpResponseMessage post(Map<String, String> headers, String body) {
        return function.run(HttpMocks.request(HttpMethod.POST, headers, body), log.context);
    }
}
