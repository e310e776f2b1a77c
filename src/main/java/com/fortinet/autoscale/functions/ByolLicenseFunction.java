package com.fortinet.autoscale.functions;

import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.domain.licensing.LicenseService;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/byol-license}, called by a BYOL FortiGate at first boot with header
 * {@code Fos-instance-id: <vmId>} (SPEC §6). Answers:
 * <ul>
 *   <li>200 {@code text/plain}: the license file's content (the same one on every call of that FortiGate);</li>
 *   <li>200 with an empty body: no license is free (an error is logged and {@code license-out-of-stock}
 *       notified);</li>
 *   <li>400: missing or malformed {@code Fos-instance-id}; 404: the vmId is in no managed scale set;</li>
 *   <li>409: the FortiGate is in a PAYG scale set, which needs no BYOL license (a deployment mistake);</li>
 *   <li>503 with {@code Retry-After}: a store is unavailable; 500: anything else.</li>
 * </ul>
 */
public class ByolLicenseFunction {
    static final String NAME = "byol-license";

    private final Supplier<App> app;

    /** Used by the Functions host: the process's app. */
    public ByolLicenseFunction() {
        this.app = App::get;
    }

    public ByolLicenseFunction(App app) {
        this.app = () -> app;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.FUNCTION, route = NAME)
            HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        Call call = new Call(NAME, request, context);
        try {
            VmId vmId = call.instanceHeader();
            Optional<HttpResponseMessage> refused = CallerGate.refusal(call, app.get(), vmId, false);
            if (refused.isPresent()) {
                return refused.get();
            }
            LicenseService.Result result = app.get().licenses().acquire(vmId, call.cid());
            if (result instanceof LicenseService.Granted g) {
                return call.text(g.content(), "op=license vm=" + vmId + " file=" + g.assignment().fileName()
                        + (g.again() ? " again=true" : " again=false"));
            }
            if (result instanceof LicenseService.NotByol n) {
                return call.refuse(HttpStatus.CONFLICT, "vmId " + vmId + " is in PAYG scale set " + n.member().scaleSet()
                        + ", which is licensed by the marketplace: no BYOL license is given", "op=license vm=" + vmId);
            }
            LicenseService.NoneFree none = (LicenseService.NoneFree) result;
            return call.empty("op=license vm=" + vmId + " result=none-free stock=" + none.filesInStock()
                    + " held=" + none.held());
        } catch (RuntimeException e) {
            return call.fail(e, false);
        }
    }
}
