package com.fortinet.autoscale.domain.notification;


/** Tells operators what happened (SPEC §8). Never fails the caller. */
public interface Notifier {
    void publish(Notification notification);
}
