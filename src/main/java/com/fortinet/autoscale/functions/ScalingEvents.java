package com.fortinet.autoscale.functions;

import com.fortinet.autoscale.app.App;
import com.microsoft.azure.functions.HttpResponseMessage;

/** Azure Event Grid deliveries to {@code fgt-as-handler} (SPEC §2): not handled yet. */
final class ScalingEvents {
    private ScalingEvents() {}

    static HttpResponseMessage handle(Call call, App app) {
        throw new BadRequestException("Event Grid deliveries are not handled by this version");
    }
}
