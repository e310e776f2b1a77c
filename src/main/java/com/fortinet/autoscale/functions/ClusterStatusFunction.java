package com.fortinet.autoscale.functions;

import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.domain.status.ClusterStatusService;
import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.notification.EventHistory;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/cluster-status}, an operator's call (the operators' function key on Azure): the primary, every
 * FortiGate's health and the recent events (behaviour §2). {@code ?events=N} (0 to 500, default 20) says how many
 * events. A browser ({@code Accept: text/html}) gets the same as a self-contained HTML page (see {@link StatusPage}).
 */
public class ClusterStatusFunction {
    static final String NAME = "cluster-status";

    private final Supplier<App> app;

    /** Used by the Functions host: the process's app. */
    public ClusterStatusFunction() {
        this.app = App::get;
    }

    public ClusterStatusFunction(App app) {
        this.app = () -> app;
    }

    /** The JSON shape of the answer. */
    record Body(PrimaryView primary, List<ClusterStatusService.Instance> instances,
                List<ClusterStatusService.Event> events, Instant time, List<String> problems) {}

    /** The primary as the answer shows it. */
    record PrimaryView(String vmId, String privateIp, String scalingGroup, long term, Instant electedAt) {
        static PrimaryView of(Primary p) {
            return p == null ? null : new PrimaryView(p.vmId().value(), p.privateIp(), p.scalingGroup(), p.term(),
                    p.electedAt());
        }
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.FUNCTION, route = NAME)
            HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        Call call = new Call(NAME, request, context);
        try {
            ClusterStatusService.View view = app.get().clusterStatus().view(events(request));
            if (wantsHtml(call)) {
                return call.html(StatusPage.render(view), "page=html instances=" + view.instances().size()
                        + " events=" + view.events().size());
            }
            return call.json(new Body(PrimaryView.of(view.primary()), view.instances(), view.events(), view.at(),
                    view.problems()),
                    "instances=" + view.instances().size() + " events=" + view.events().size());
        } catch (RuntimeException e) {
            return call.fail(e, false);
        }
    }

    /**
     * A browser asks for HTML first ({@code Accept: text/html,...}); every other caller (no Accept, {@code *}/{@code *},
     * {@code application/json}) gets JSON, which stays the default.
     */
    static boolean wantsHtml(Call call) {
        return call.header("Accept").map(a -> a.trim().toLowerCase(java.util.Locale.ROOT).startsWith("text/html"))
                .orElse(false);
    }

    /** The {@code events} query parameter: how many recent events to show. */
    static int events(HttpRequestMessage<?> request) {
        Map<String, String> query = request.getQueryParameters();
        String v = query == null ? null : query.get("events");
        if (v == null) {
            return ClusterStatusService.DEFAULT_EVENTS;
        }
        if (!v.matches("\\d{1,3}") || Integer.parseInt(v) > EventHistory.MAX_RECENT) {
            throw new BadRequestException("events must be a whole number from 0 to " + EventHistory.MAX_RECENT);
        }
        return Integer.parseInt(v);
    }
}
