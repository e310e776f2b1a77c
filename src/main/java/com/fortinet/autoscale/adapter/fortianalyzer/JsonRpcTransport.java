package com.fortinet.autoscale.adapter.fortianalyzer;

import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzerUnavailableException;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzerUnavailableException.Kind;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;

/**
 * One JSON-RPC call to the FortiAnalyzer over HTTPS and its reply's status: the wire half of
 * {@link JsonRpcFortiAnalyzer}, apart from what the calls mean. Every call is bounded by the connect and
 * request timeouts and an overall deadline; every transport failure becomes a
 * {@link FortiAnalyzerUnavailableException} of the right {@link Kind}, without credentials or session
 * tokens in its message.
 *
 * <p>Thread-safe; one HTTP client per instance.
 */
final class JsonRpcTransport {
    private static final int MAX_REPLY_BYTES = 32 * 1024 * 1024;

    private final JsonRpcFortiAnalyzer.Config config;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();

    /** One JSON-RPC reply: the first result's status and the result itself. */
    record Reply(int code, String message, JsonObject result, JsonObject root) {}

    JsonRpcTransport(JsonRpcFortiAnalyzer.Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = HttpClient.newBuilder()
                .sslContext(config.tls().sslContext())
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    Reply rpc(String method, String url, JsonObject params, String session) {
        JsonObject p = params.deepCopy();
        p.addProperty("url", url);
        JsonArray ps = new JsonArray();
        ps.add(p);
        JsonObject request = new JsonObject();
        request.addProperty("id", ids.incrementAndGet());
        request.addProperty("method", method);
        request.add("params", ps);
        if (session != null) {
            request.addProperty("session", session);
        }
        request.addProperty("verbose", 1);
        HttpRequest http = HttpRequest.newBuilder(config.endpoint())
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<byte[]> response = send(http, url);
        if (response.statusCode() != 200) {
            throw new FortiAnalyzerUnavailableException(Kind.UNREACHABLE,
                    "FortiAnalyzer answered HTTP " + response.statusCode() + " to " + url, null);
        }
        if (response.body().length > MAX_REPLY_BYTES) {
            throw new FortiAnalyzerUnavailableException(Kind.BAD_REPLY, "FortiAnalyzer reply to " + url + " is too large", null);
        }
        return parse(new String(response.body(), StandardCharsets.UTF_8), url);
    }

    private HttpResponse<byte[]> send(HttpRequest request, String url) {
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        // The request timeout ends at the response headers; the deadline also bounds a body that trickles.
        long deadline = config.connectTimeout().plus(config.requestTimeout()).plusSeconds(1).toMillis();
        try {
            return future.get(deadline, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new FortiAnalyzerUnavailableException(Kind.TIMEOUT, "FortiAnalyzer did not answer " + url + " within "
                    + deadline + " ms", null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new FortiAnalyzerUnavailableException(Kind.TIMEOUT, "interrupted while calling " + url, e);
        } catch (ExecutionException e) {
            throw failure(e.getCause() == null ? e : e.getCause(), url);
        }
    }

    private FortiAnalyzerUnavailableException failure(Throwable t, String url) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpConnectTimeoutException) {
                return new FortiAnalyzerUnavailableException(Kind.TIMEOUT, "FortiAnalyzer connect timed out after "
                        + config.connectTimeout().toMillis() + " ms (" + url + ")", t);
            }
            if (c instanceof HttpTimeoutException) {
                return new FortiAnalyzerUnavailableException(Kind.TIMEOUT, "FortiAnalyzer did not answer " + url
                        + " within " + config.requestTimeout().toMillis() + " ms", t);
            }
            if (c instanceof SSLException) {
                return new FortiAnalyzerUnavailableException(Kind.TLS, "FortiAnalyzer TLS verification failed ("
                        + config.tls().mode().name().toLowerCase(Locale.ROOT) + "): " + c.getMessage(), t);
            }
            if (c instanceof ConnectException) {
                return new FortiAnalyzerUnavailableException(Kind.UNREACHABLE, "FortiAnalyzer unreachable at "
                        + config.endpoint().getRawAuthority() + ": connection refused", t);
            }
        }
        String what = t instanceof IOException ? t.getClass().getSimpleName() + ": " + t.getMessage() : t.toString();
        return new FortiAnalyzerUnavailableException(Kind.UNREACHABLE, "FortiAnalyzer call " + url + " failed: " + what, t);
    }

    private static Reply parse(String body, String url) {
        try {
            JsonElement root = JsonParser.parseString(body);
            if (root.isJsonObject()) {
                JsonObject o = root.getAsJsonObject();
                JsonElement result = o.get("result");
                JsonElement first = result != null && result.isJsonArray() && result.getAsJsonArray().size() > 0
                        ? result.getAsJsonArray().get(0) : result;
                if (first != null && first.isJsonObject()) {
                    JsonObject r = first.getAsJsonObject();
                    JsonElement status = r.get("status");
                    if (status != null && status.isJsonObject()) {
                        Long code = JsonFields.number(status.getAsJsonObject(), "code");
                        String message = JsonFields.text(status.getAsJsonObject(), "message");
                        if (code != null) {
                            return new Reply(code.intValue(), message == null ? "" : message, r, o);
                        }
                    }
                }
            }
        } catch (JsonParseException | IllegalStateException e) {
            // reported below
        }
        throw new FortiAnalyzerUnavailableException(Kind.BAD_REPLY,
                "FortiAnalyzer reply to " + url + " is not a JSON-RPC result with a status", null);
    }
}
