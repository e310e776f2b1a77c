package com.fortinet.autoscale.functions;

import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.domain.LogText;
import com.fortinet.autoscale.domain.caller.CallerCheck;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import java.util.Optional;

/**
 * The caller check of the device-facing functions (bootstrap, heartbeat, status message, BYOL license), run
 * before anything is read or written for the vmId: a mismatch is a 403 with a one-line reason and a WARNING
 * line with the vmId and the addresses (escaped: they are the caller's text).
 */
final class CallerGate {
    private CallerGate() {}

    /** The 403 to answer when the caller is not the member {@code vmId}; empty when it may go on. */
    static Optional<HttpResponseMessage> refusal(Call call, App app, VmId vmId, boolean fortiosComment) {
        CallerCheck.Verdict verdict = app.callers().verify(vmId, call.callerAddresses(), call.cid());
        if (verdict instanceof CallerCheck.Mismatch m) {
            return Optional.of(call.refuse(HttpStatus.FORBIDDEN, m.reason(), "op=caller-mismatch vm=" + vmId
                    + " addresses=" + LogText.quoted(String.join(",", m.addresses())), fortiosComment));
        }
        return Optional.empty();
    }
}
