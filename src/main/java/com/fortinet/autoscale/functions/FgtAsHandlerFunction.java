package com.fortinet.autoscale.functions;

import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.domain.LogText;
import com.fortinet.autoscale.domain.health.Heartbeat;
import com.fortinet.autoscale.domain.heartbeat.HeartbeatService;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.UnknownInstanceException;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.domain.notification.Notifications;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /api/fgt-as-handler}, called by every FortiGate of the cluster (SPEC §2):
 * <ul>
 *   <li>GET with {@code Fos-instance-id}: the bootstrap configuration (FortiOS CLI);</li>
 *   <li>POST heartbeat JSON: health tracking and primary election; answers the primary's IP when the
 *       device must learn it;</li>
 *   <li>POST status message {@code {"instance","status"}}: logged;</li>
 *   <li>POST Azure Event Grid deliveries (header {@code aeg-event-type}): scaling events;</li>
 *   <li>OPTIONS: the CloudEvents webhook handshake of an Event Grid subscription using the CloudEvents schema.</li>
 * </ul>
 */
public class FgtAsHandlerFunction {
    static final String NAME = "fgt-as-handler";

    private final Supplier<App> app;

    /** Used by the Functions host: the process's app. */
    public FgtAsHandlerFunction() {
        this(App::get);
    }

    public FgtAsHandlerFunction(App app) {
        this(() -> app);
    }

    private FgtAsHandlerFunction(Supplier<App> app) {
        this.app = app;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS},
                    authLevel = AuthorizationLevel.FUNCTION, route = NAME)
            HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        Call call = new Call(NAME, request, context);
        boolean get = request.getHttpMethod() == HttpMethod.GET;
        VmId vmId = null;
        try {
            if (get) {
                vmId = call.instanceHeader();
                Optional<HttpResponseMessage> refused = CallerGate.refusal(call, app.get(), vmId, true);
                if (refused.isPresent()) {
                    return refused.get(); // no bootstrap-failed: nothing was attempted for this vmId
                }
                String config = app.get().bootstrap().configuration(vmId, call.cid());
                return call.text(config.endsWith("\n") ? config : config + "\n", "op=bootstrap vm=" + vmId);
            }
            if (request.getHttpMethod() == HttpMethod.OPTIONS) {
                return ScalingEvents.webhookHandshake(call);
            }
            if (call.header("aeg-event-type").isPresent() || ScalingEvents.isCloudEvents(call)) {
                return ScalingEvents.handle(call, app.get());
            }
            JsonObject body = call.jsonObject();
            if (isStatusMessage(body)) {
                return statusMessage(call, body);
            }
            Heartbeat heartbeat = HeartbeatJson.parse(body, call::warn);
            Optional<HttpResponseMessage> refused = CallerGate.refusal(call, app.get(), heartbeat.vmId(), false);
            if (refused.isPresent()) {
                return refused.get();
            }
            HeartbeatService.Result result = app.get().heartbeats().handle(heartbeat, call.cid());
            String what = "op=heartbeat vm=" + body.get("instance").getAsString().toLowerCase()
                    + " result=" + result.disposition().name().toLowerCase();
            if (result.announcePrimaryIp().isPresent()) {
                String ip = result.announcePrimaryIp().get();
                Map<String, String> answer = new LinkedHashMap<>();
                answer.put("master-ip", ip);
                answer.put("primary-ip", ip);
                return call.json(answer, what + " primary-ip=" + ip);
            }
            return call.empty(what);
        } catch (RuntimeException e) {
            HttpResponseMessage failed = call.fail(e, get);
            if (get && vmId != null) {
                bootstrapFailed(call, vmId);
            }
            return failed;
        }
    }

    /**
     * Announces that a FortiGate asked for its configuration and got the {@code # autoscale:} comment instead:
     * FortiOS runs its bootstrap once, so that FortiGate stays unconfigured until someone acts. A request
     * without a valid vmId names no FortiGate and is only logged, as any bad request.
     */
    private void bootstrapFailed(Call call, VmId vmId) {
        try {
            App a = app.get();
            Call.Failure f = call.failure().orElseThrow();
            new Notifications(a.notifier()).send(Notification.Type.BOOTSTRAP_FAILED, vmId.value(),
                    "bootstrap configuration not served", a.clock().instant(), call.cid(),
                    "status", f.status(), "reason", f.reason());
        } catch (RuntimeException e) {
            call.warn("bootstrap-failed not announced: " + e.getClass().getSimpleName());
        }
    }

    /** A body with a non-empty {@code status} reports a state change, even when it carries {@code interval}. */
    private static boolean isStatusMessage(JsonObject body) {
        JsonElement status = body.get("status");
        return status != null && !status.isJsonNull()
                && !(status.isJsonPrimitive() && status.getAsString().isEmpty());
    }

    private HttpResponseMessage statusMessage(Call call, JsonObject body) {
        VmId vmId = HeartbeatJson.vmId(body, "instance");
        if (!body.get("status").isJsonPrimitive()) {
            throw new BadRequestException("status must be a string");
        }
        Optional<HttpResponseMessage> refused = CallerGate.refusal(call, app.get(), vmId, false);
        if (refused.isPresent()) {
            return refused.get();
        }
        Member member = app.get().scaleSets().find(vmId).orElseThrow(() -> new UnknownInstanceException(vmId));
        // the device's own words: escaped, so no quote or line break in them can forge a field or a line
        String status = LogText.quoted(body.get("status").getAsString());
        return call.empty("op=status vm=" + vmId + " group=" + LogText.quoted(member.scaleSet()) + " status=" + status);
    }
}
