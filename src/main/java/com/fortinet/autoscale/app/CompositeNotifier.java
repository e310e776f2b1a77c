package com.fortinet.autoscale.app;

import com.fortinet.autoscale.domain.notification.Notification;
import com.fortinet.autoscale.domain.notification.Notifier;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands every notification to each notifier in turn (the log line first, then Event Grid); one that fails
 * is logged and never keeps the others, or the caller, from going on.
 */
public final class CompositeNotifier implements Notifier {
    private static final Logger LOG = Logger.getLogger(CompositeNotifier.class.getName());

    private final List<Notifier> notifiers;

    public CompositeNotifier(List<Notifier> notifiers) {
        this.notifiers = List.copyOf(notifiers);
    }

    /** The notifiers, in the order they are called. */
    public List<Notifier> notifiers() {
        return notifiers;
    }

    @Override
    public void publish(Notification notification) {
        for (Notifier n : notifiers) {
            try {
                n.publish(notification);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cid={0} notifier {1} failed on {2}: {3}", new Object[] {
                        notification.correlationId(), n.getClass().getSimpleName(), notification.type().wireName(),
                        e.toString()});
            }
        }
    }
}
