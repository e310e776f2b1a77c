package com.fortinet.autoscale.domain.port;

import com.fortinet.autoscale.domain.Notification;

/** Tells operators what happened (SPEC §8). Never fails the caller. */
public interface Notifier {
    void publish(Notification notification);
}
