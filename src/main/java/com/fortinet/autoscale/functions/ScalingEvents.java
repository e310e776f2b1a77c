package com.fortinet.autoscale.functions;

import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.domain.LogText;
import com.fortinet.autoscale.domain.cluster.ScaleSetEvent;
import com.fortinet.autoscale.domain.lifecycle.ScalingEventService;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.microsoft.azure.functions.HttpResponseMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure Event Grid deliveries to {@code fgt-as-handler} (SPEC §2), parsed here and handled by
 * {@link ScalingEventService}:
 * <ul>
 *   <li>{@code aeg-event-type: SubscriptionValidation}: answers {@code {"validationResponse":"<code>"}};</li>
 *   <li>{@code aeg-event-type: Notification}, a JSON array in the Event Grid schema or CloudEvents (one
 *       object or a batch array): {@code Microsoft.Resources.ResourceDeleteSuccess} / {@code …WriteSuccess}
 *       whose {@code data.resourceUri} (else {@code subject}) is a scale set or one of its VMs,
 *       {@code /subscriptions/…/resourceGroups/<rg>/providers/Microsoft.Compute/virtualMachineScaleSets/<set>[/virtualMachines/<id>]};</li>
 *   <li>OPTIONS: the CloudEvents webhook handshake ({@code WebHook-Request-Origin}).</li>
 * </ul>
 * Other event types and resources are acknowledged (200) with a log line. A malformed delivery gets 400
 * with a one-line reason, before any event of it is handled.
 */
final class ScalingEvents {
    static final String VALIDATION_EVENT = "Microsoft.EventGrid.SubscriptionValidationEvent";
    static final String DELETE_SUCCESS = "Microsoft.Resources.ResourceDeleteSuccess";
    static final String WRITE_SUCCESS = "Microsoft.Resources.ResourceWriteSuccess";
    private static final Pattern SCALE_SET_RESOURCE = Pattern.compile(
            "/subscriptions/[^/]+/resourceGroups/([^/]+)/providers/Microsoft\\.Compute/virtualMachineScaleSets/([^/]+)"
                    + "(?:/virtualMachines/([^/]+))?/?", Pattern.CASE_INSENSITIVE);

    private ScalingEvents() {}

    /** One event of a delivery, in either schema. */
    record Event(String id, String type, String resource) {}

    /** A CloudEvents delivery may come without {@code aeg-event-type}: its content type says what it is. */
    static boolean isCloudEvents(Call call) {
        return call.header("Content-Type")
                .map(t -> t.toLowerCase(Locale.ROOT).startsWith("application/cloudevents"))
                .orElse(false);
    }

    /** The CloudEvents v1.0 abuse-protection handshake: allow the origin that asks. */
    static HttpResponseMessage webhookHandshake(Call call) {
        String origin = call.header("WebHook-Request-Origin")
                .orElseThrow(() -> new BadRequestException("OPTIONS without WebHook-Request-Origin"));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("WebHook-Allowed-Origin", Call.oneLine(origin));
        headers.put("WebHook-Allowed-Rate", "*");
        headers.put("Allow", "GET, POST, OPTIONS");
        return call.emptyWithHeaders(headers, "op=webhook-handshake origin=" + LogText.quoted(origin));
    }

    static HttpResponseMessage handle(Call call, App app) {
        String deliveryType = call.header("aeg-event-type").orElse("Notification");
        JsonElement body = parse(call.body());
        switch (deliveryType.toLowerCase(Locale.ROOT)) {
            case "subscriptionvalidation":
                return validation(call, body);
            case "notification":
                return notification(call, app, events(body));
            default:
                return call.empty("op=scaling-events aeg-event-type=" + LogText.quoted(deliveryType) + " ignored");
        }
    }

    private static HttpResponseMessage validation(Call call, JsonElement body) {
        JsonObject event = body.isJsonArray() && body.getAsJsonArray().size() > 0
                && body.getAsJsonArray().get(0).isJsonObject() ? body.getAsJsonArray().get(0).getAsJsonObject()
                : body.isJsonObject() ? body.getAsJsonObject() : null;
        if (event == null) {
            throw new BadRequestException("subscription validation without an event");
        }
        String type = string(event, "eventType");
        if (!VALIDATION_EVENT.equals(type)) {
            throw new BadRequestException("subscription validation event has eventType " + type);
        }
        JsonElement data = event.get("data");
        String code = data != null && data.isJsonObject() ? string(data.getAsJsonObject(), "validationCode") : null;
        if (code == null || code.isBlank()) {
            throw new BadRequestException("subscription validation event has no data.validationCode");
        }
        return call.json(Map.of("validationResponse", code), "op=subscription-validation");
    }

    /**
     * Handles the delivery's scale-set changes together (one read of the records and one of the members,
     * however many VMs it names), then logs a line per event and one for the delivery, with its clean-up
     * totals and the election when one ran.
     */
    private static HttpResponseMessage notification(Call call, App app, List<Event> events) {
        List<ScaleSetEvent> changes = new ArrayList<>();
        List<Event> reported = new ArrayList<>();
        for (Event e : events) {
            ScaleSetEvent event = scaleSetEvent(e);
            if (event == null) {
                call.info("op=scaling-event id=" + LogText.quoted(e.id()) + " type=" + LogText.quoted(e.type())
                        + " ignored (not a scale-set change)");
            } else {
                changes.add(event);
                reported.add(e);
            }
        }
        ScalingEventService.Delivery delivery = app.scalingEvents().handleAll(changes, call.cid());
        for (int i = 0; i < changes.size(); i++) {
            Event e = reported.get(i);
            ScaleSetEvent event = changes.get(i);
            call.info("op=scaling-event id=" + LogText.quoted(e.id()) + " type=" + LogText.quoted(e.type())
                    + " scaleSet=" + LogText.quoted(event.scaleSet())
                    + (event.namesVm() ? " instance=" + LogText.quoted(event.instanceId()) : "") + " "
                    + delivery.events().get(i).summary());
        }
        String totals = delivery.summary();
        return call.empty("op=scaling-events events=" + events.size() + " managed=" + delivery.managed()
                + (totals.isEmpty() ? "" : " " + totals));
    }

    /** The scale-set change an event reports, or null when it reports something else. */
    static ScaleSetEvent scaleSetEvent(Event e) {
        ScaleSetEvent.Kind kind;
        if (DELETE_SUCCESS.equalsIgnoreCase(e.type())) {
            kind = ScaleSetEvent.Kind.DELETED;
        } else if (WRITE_SUCCESS.equalsIgnoreCase(e.type())) {
            kind = ScaleSetEvent.Kind.WRITTEN;
        } else {
            return null;
        }
        if (e.resource() == null) {
            return null;
        }
        Matcher m = SCALE_SET_RESOURCE.matcher(e.resource());
        if (!m.matches()) {
            return null;
        }
        return new ScaleSetEvent(kind, m.group(1), m.group(2), m.group(3), e.id());
    }

    /** Every event of a notification delivery, checked before any is handled. */
    static List<Event> events(JsonElement body) {
        List<JsonElement> items = new ArrayList<>();
        if (body.isJsonArray()) {
            body.getAsJsonArray().forEach(items::add);
        } else if (body.isJsonObject()) {
            items.add(body); // a single CloudEvent (structured mode)
        } else {
            throw new BadRequestException("body is neither an event array nor an event object");
        }
        if (items.isEmpty()) {
            throw new BadRequestException("delivery holds no event");
        }
        List<Event> events = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonElement item = items.get(i);
            if (!item.isJsonObject()) {
                throw new BadRequestException("event " + i + " is not an object");
            }
            JsonObject o = item.getAsJsonObject();
            boolean cloudEvent = o.has("specversion");
            String type = string(o, cloudEvent ? "type" : "eventType");
            if (type == null || type.isBlank()) {
                throw new BadRequestException("event " + i + " has no " + (cloudEvent ? "type" : "eventType"));
            }
            String id = string(o, "id");
            String resource = null;
            JsonElement data = o.get("data");
            if (data != null && data.isJsonObject()) {
                resource = string(data.getAsJsonObject(), "resourceUri");
            }
            if (resource == null) {
                resource = string(o, "subject");
            }
            events.add(new Event(id == null ? "-" : id, type, resource));
        }
        return events;
    }

    private static JsonElement parse(String body) {
        if (body.isBlank()) {
            throw new BadRequestException("body is empty");
        }
        try {
            return JsonParser.parseString(body);
        } catch (JsonParseException e) {
            throw new BadRequestException("body is not valid JSON");
        }
    }

    /** A string member, null when absent or not a string. */
    private static String string(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }
}
