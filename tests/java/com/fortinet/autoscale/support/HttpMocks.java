package com.fortinet.autoscale.support;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A mocked {@code HttpRequestMessage} and {@code ExecutionContext}, with a small fake response builder, as
 * the Azure Functions samples test functions; the context's logger keeps every line it is given.
 */
public final class HttpMocks {
    private HttpMocks() {}

    /** The response a function built. */
    public record Response(HttpStatusType status, Map<String, String> headers, Object body)
            implements HttpResponseMessage {
        @Override
        public HttpStatusType getStatus() {
            return status;
        }

        @Override
        public String getHeader(String key) {
            return headers.get(key);
        }

        @Override
        public Object getBody() {
            return body;
        }

        public String text() {
            return body == null ? "" : body.toString();
        }
    }

    private static final class Builder implements HttpResponseMessage.Builder {
        private HttpStatusType status;
        private final Map<String, String> headers = new HashMap<>();
        private Object body;

        Builder(HttpStatusType status) {
            this.status = status;
        }

        @Override
        public HttpResponseMessage.Builder status(HttpStatusType s) {
            this.status = s;
            return this;
        }

        @Override
        public HttpResponseMessage.Builder header(String key, String value) {
            headers.put(key, value);
            return this;
        }

        @Override
        public HttpResponseMessage.Builder body(Object b) {
            this.body = b;
            return this;
        }

        @Override
        public HttpResponseMessage build() {
            return new Response(status, Map.copyOf(headers), body);
        }
    }

    public static HttpRequestMessage<Optional<String>> request(HttpMethod method, Map<String, String> headers,
                                                               String body) {
        return request(method, headers, Map.of(), body);
    }

    @SuppressWarnings("unchecked")
    public static HttpRequestMessage<Optional<String>> request(HttpMethod method, Map<String, String> headers,
                                                               Map<String, String> query, String body) {
        HttpRequestMessage<Optional<String>> req = mock(HttpRequestMessage.class);
        when(req.getHttpMethod()).thenReturn(method);
        when(req.getHeaders()).thenReturn(headers);
        when(req.getQueryParameters()).thenReturn(query);
        when(req.getUri()).thenReturn(URI.create("https://fn.example/api/test"));
        when(req.getBody()).thenReturn(Optional.ofNullable(body));
        doAnswer(inv -> new Builder(inv.getArgument(0, HttpStatusType.class)))
                .when(req).createResponseBuilder(any(HttpStatus.class));
        doAnswer(inv -> new Builder(inv.getArgument(0, HttpStatusType.class)))
                .when(req).createResponseBuilder(any(HttpStatusType.class));
        return req;
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
