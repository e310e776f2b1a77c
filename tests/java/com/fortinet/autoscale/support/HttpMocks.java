package com.fortinet.autoscale.support;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fortinet.autoscale.local.LocalHttpRequest;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Function-test plumbing: the local runner's request class and a mocked {@code ExecutionContext} whose logger
 * keeps every line it is given.
 */
public final class HttpMocks {
    private HttpMocks() {}

    /**
     * A request as the local runner hands it to a function (the same class, so the tests exercise what the
     * runner serves); its responses are {@link LocalHttpRequest.Response}s.
     */
    public static HttpRequestMessage<Optional<String>> request(HttpMethod method, Map<String, String> headers,
                                                               String body) {
        return request(method, headers, Map.of(), body);
    }

    /** The same, with query parameters. */
    public static HttpRequestMessage<Optional<String>> request(HttpMethod method, Map<String, String> headers,
                                                               Map<String, String> query, String body) {
        return new LocalHttpRequest(URI.create("https://fn.example/api/test"), method, headers, query, body);
    }

    /** A context whose logger records every line. */
    public static final class Context {
        public final ExecutionContext context = mock(ExecutionContext.class);
        public final List<LogRecord> lines = new ArrayList<>();
        public final String invocationId = java.util.UUID.randomUUID().toString();

        public Context() {
            Logger logger = Logger.getAnonymousLogger();
            logger.setUseParentHandlers(false);
            logger.setLevel(Level.ALL);
            logger.addHandler(new Handler() {
                @Override
                public void publish(LogRecord record) {
                    synchronized (lines) {
                        lines.add(record);
                    }
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            });
            when(context.getLogger()).thenReturn(logger);
            when(context.getInvocationId()).thenReturn(invocationId);
            when(context.getFunctionName()).thenReturn("test");
        }

        public String log() {
            synchronized (lines) {
                StringBuilder sb = new StringBuilder();
                lines.forEach(l -> sb.append(l.getLevel()).append(' ').append(l.getMessage()).append('\n'));
                return sb.toString();
            }
        }
    }
}
