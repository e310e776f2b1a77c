package com.fortinet.autoscale.functions;

import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.domain.fortianalyzer.FazAuthorizationService;
import com.fortinet.autoscale.domain.fortianalyzer.RequestSignatures;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /api/faz-auth-handler}, an internal call (function key <em>and</em> a signature): authorizes in
 * the FortiAnalyzer the cluster's FortiGates that wait for it (see {@link FazAuthorizationService} for which
 * devices qualify), and only those; calling it again changes nothing. The request must carry
 * <ul>
 *   <li>{@code X-Autoscale-Timestamp}: Unix seconds, within 5 minutes of the server's clock;</li>
 *   <li>{@code X-Autoscale-Nonce}: 16 to 128 characters of {@code [A-Za-z0-9_-]}, never used before;</li>
 *   <li>{@code X-Autoscale-Signature}: hex HMAC-SHA256 with {@code FAZ_HANDLER_HMAC_SECRET} over
 *       {@code timestamp + "\n" + nonce + "\n" + body}.</li>
 * </ul>
 * Answers 200 JSON ({@code enabled, authorized, alreadyAuthorized, refused, notInCluster}); 401 for a bad,
 * stale or replayed request (nothing is done); 503 when the FortiAnalyzer cannot be reached and 502 when it
 * refuses (the next {@code faz-auth-scheduler} run tries again).
 */
public class FazAuthHandlerFunction {
    static final String NAME = "faz-auth-handler";
    static final String TIMESTAMP_HEADER = "X-Autoscale-Timestamp";
    static final String NONCE_HEADER = "X-Autoscale-Nonce";
    static final String SIGNATURE_HEADER = "X-Autoscale-Signature";

    private final Supplier<App> app;

    /** Used by the Functions host: the process's app. */
    public FazAuthHandlerFunction() {
        this.app = App::get;
    }

    public FazAuthHandlerFunction(App app) {
        this.app = () -> app;
    }

    /** The JSON shape of the answer. */
    record Body(boolean enabled, List<String> authorized, int alreadyAuthorized,
                List<FazAuthorizationService.Refusal> refused, int notInCluster) {}

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.FUNCTION, route = NAME)
            HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        Call call = new Call(NAME, request, context);
        try {
            String body = call.body();
            RequestSignatures.Verdict verdict = app.get().fazRequestSignatures().verify(
                    call.header(TIMESTAMP_HEADER).orElse(null), call.header(NONCE_HEADER).orElse(null),
                    call.header(SIGNATURE_HEADER).orElse(null), body);
            if (!verdict.accepted()) {
                throw new UnauthorizedException(verdict.reason());
            }
            FazAuthorizationService.Outcome o = app.get().fazAuthorization().reconcile(call.cid());
            return call.json(new Body(o.enabled(), o.authorized(), o.alreadyAuthorized(), o.refused(), o.notInCluster()),
                    "op=faz-auth enabled=" + o.enabled() + " authorized=" + o.authorized().size()
                            + " refused=" + o.refused().size());
        } catch (RuntimeException e) {
            return call.fail(e, false);
        }
    }
}
