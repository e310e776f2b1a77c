package com.fortinet.autoscale.adapter.fortianalyzer;

import com.fortinet.autoscale.domain.fortianalyzer.FazDevice;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzerRejectedException;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzerUnavailableException;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzerUnavailableException.Kind;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzer;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * The FortiAnalyzer's JSON-RPC API over HTTPS ({@code POST <api>/jsonrpc}):
 * <ol>
 *   <li>{@code exec /sys/login/user} → a session token;</li>
 *   <li>{@code get /dvmdb/device} → the devices, an unauthorized one has {@code mgmt_mode} {@code unreg} (0);</li>
 *   <li>{@code exec /dvm/cmd/add/dev-list} in ADOM {@code root} with flags {@code create_task, nonblocking}
 *       and one {@code promote_unreg} entry (name, serial number) per device; the returned task is then
 *       watched ({@code get /task/task/<id>}) for a bounded time, because a task whose session is logged out
 *       early fails ("Failed to update device information");</li>
 *   <li>{@code exec /sys/logout}, always, also after a failure.</li>
 * </ol>
 * Every reply's {@code result[0].status.code} must be 0, else the call fails with
 * {@link FortiAnalyzerRejectedException} carrying the FortiAnalyzer's message. A session the FortiAnalyzer no
 * longer accepts (code {@value #SESSION_INVALID}, "No permission for the resource") is replaced by logging in
 * again, once per session. Every call has a connect and a request timeout and an overall deadline. The
 * credentials and session tokens are never logged or put in a message.
 *
 * <p>Thread-safe; one instance (one HTTP client) per process.
 */
public final class JsonRpcFortiAnalyzer implements FortiAnalyzer {
    private static final Logger LOG = Logger.getLogger(JsonRpcFortiAnalyzer.class.getName());
    /** The status code of a call made with a session the FortiAnalyzer does not (or no longer) accept. */
    static final int SESSION_INVALID = -11;
    private static final int MAX_REPLY_BYTES = 32 * 1024 * 1024;

    private final Config config;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();

    /**
     * Where and how to reach the FortiAnalyzer.
     *
     * @param endpoint       the JSON-RPC URL ({@code https://<faz>/jsonrpc})
     * @param username       the API user
     * @param password       its password
     * @param tls            how the certificate is verified
     * @param connectTimeout the TCP (and TLS) connect timeout of every call
     * @param requestTimeout the time a call may take once connected
     * @param taskWait       how long an authorization task is watched before logging out anyway
     * @param taskPoll       the pause between two looks at the task
     */
    public record Config(URI endpoint, String username, String password, FazTls tls, Duration connectTimeout,
                         Duration requestTimeout, Duration taskWait, Duration taskPoll) {
        public Config {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(taskWait, "taskWait");
            Objects.requireNonNull(taskPoll, "taskPoll");
        }

        /**
         * The API URL ({@code https://10.0.3.4}, {@code /jsonrpc} added when absent) with the default timeouts:
         * connect 5 s, request 20 s, task watched up to 30 s every second.
         *
         * @throws IllegalArgumentException when the URL is not an https URL
         */
        public static Config of(String apiUrl, String username, String password, FazTls tls) {
            URI uri;
            try {
                uri = URI.create(apiUrl.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("FAZ_API_URL is not a URL");
            }
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("FAZ_API_URL must be an https:// URL (the credentials travel in it)");
            }
            String path = uri.getPath() == null ? "" : uri.getPath();
            if (!path.endsWith("/jsonrpc")) {
                path = (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + "/jsonrpc";
            }
            URI endpoint = URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + path);
            return new Config(endpoint, username, password, tls, Duration.ofSeconds(5), Duration.ofSeconds(20),
                    Duration.ofSeconds(30), Duration.ofSeconds(1));
        }

        public Config withTimeouts(Duration connect, Duration request) {
            return new Config(endpoint, username, password, tls, connect, request, taskWait, taskPoll);
        }

        public Config withTaskWatch(Duration wait, Duration poll) {
            return new Config(endpoint, username, password, tls, connectTimeout, requestTimeout, wait, poll);
        }

        @Override
        public String toString() {
            return "Config[endpoint=" + endpoint + ", tls=" + tls.mode() + ", connectTimeout=" + connectTimeout
                    + ", requestTimeout=" + requestTimeout + "]";
        }
    }

    public JsonRpcFortiAnalyzer(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = HttpClient.newBuilder()
                .sslContext(config.tls().sslContext())
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public <T> T inSession(Function<Session, T> work) {
        RpcSession session = new RpcSession(login());
        try {
            return work.apply(session);
        } finally {
            logout(session.token);
        }
    }

    private String login() {
        JsonObject data = new JsonObject();
        data.addProperty("user", config.username());
        data.addProperty("passwd", config.password());
        JsonObject params = new JsonObject();
        params.add("data", data);
        Reply reply = rpc("exec", "/sys/login/user", params, null);
        if (reply.code() != 0) {
            throw new FortiAnalyzerRejectedException("/sys/login/user", reply.code(), reply.message());
        }
        JsonElement session = reply.root().get("session");
        if (session == null || !session.isJsonPrimitive() || session.getAsString().isBlank()) {
            throw new FortiAnalyzerUnavailableException(Kind.BAD_REPLY, "FortiAnalyzer login answered no session", null);
        }
        return session.getAsString();
    }

    private void logout(String token) {
        try {
            Reply reply = rpc("exec", "/sys/logout", new JsonObject(), token);
            if (reply.code() != 0) {
                LOG.warning("faz: logout answered code " + reply.code() + ": " + oneLine(reply.message()));
            }
        } catch (RuntimeException e) {
            // The session times out on the FortiAnalyzer; the work's own result or failure matters more.
            LOG.warning("faz: logout failed: " + e.getMessage());
        }
    }

    /** One logged-in session; replaced once by a fresh login when the FortiAnalyzer stops accepting it. */
    private final class RpcSession implements Session {
        private volatile String token;
        private boolean renewed;

        RpcSession(String token) {
            this.token = token;
        }

        synchronized Reply call(String method, String url, JsonObject params) {
            Reply reply = rpc(method, url, params, token);
            if (reply.code() == SESSION_INVALID && !renewed) {
                renewed = true;
                LOG.info("faz: the session is no longer accepted (" + oneLine(reply.message()) + "); logging in again");
                token = login();
                reply = rpc(method, url, params, token);
            }
            if (reply.code() != 0) {
                throw new FortiAnalyzerRejectedException(url, reply.code(), reply.message());
            }
            return reply;
        }

        @Override
        public List<FazDevice> devices() {
            JsonObject params = new JsonObject();
            JsonArray fields = new JsonArray();
            for (String f : List.of("name", "hostname", "sn", "ip", "mgmt_mode")) {
                fields.add(f);
            }
            params.add("fields", fields);
            params.addProperty("loadsub", 0);
            Reply reply = call("get", "/dvmdb/device", params);
            JsonElement data = reply.result().get("data");
            List<FazDevice> devices = new ArrayList<>();
            if (data == null || data.isJsonNull()) {
                return devices;
            }
            if (!data.isJsonArray()) {
                throw new FortiAnalyzerUnavailableException(Kind.BAD_REPLY, "FortiAnalyzer device list is not a list", null);
            }
            for (JsonElement e : data.getAsJsonArray()) {
                if (!e.isJsonObject()) {
                    continue;
                }
                JsonObject o = e.getAsJsonObject();
                String name = text(o, "name");
                if (name == null || name.isBlank()) {
                    continue;
                }
                devices.add(new FazDevice(name, text(o, "hostname"), text(o, "sn"), text(o, "ip"),
                        !unregistered(o.get("mgmt_mode"))));
            }
            return devices;
        }

        @Override
        public void authorize(List<FazDevice> devices) {
            if (devices.isEmpty()) {
                return;
            }
            JsonArray list = new JsonArray();
            for (FazDevice d : devices) {
                JsonObject entry = new JsonObject();
                entry.addProperty("device action", "promote_unreg");
                entry.addProperty("name", d.name());
                if (d.serialNumber() != null) {
                    entry.addProperty("sn", d.serialNumber());
                }
                list.add(entry);
            }
            JsonArray flags = new JsonArray();
            flags.add("create_task");
            flags.add("nonblocking");
            JsonObject data = new JsonObject();
            data.addProperty("adom", "root");
            data.add("flags", flags);
            data.add("add-dev-list", list);
            JsonObject params = new JsonObject();
            params.add("data", data);
            Reply reply = call("exec", "/dvm/cmd/add/dev-list", params);
            Long task = taskId(reply.result());
            if (task != null) {
                watch(task);
            }
        }

        /** Keeps the session alive until the task ends (or the watch time is up) and fails when it failed. */
        private void watch(long task) {
            String url = "/task/task/" + task;
            long deadline = System.nanoTime() + config.taskWait().toNanos();
            while (true) {
                JsonElement data = call("get", url, new JsonObject()).result().get("data");
                JsonObject t = data != null && data.isJsonObject() ? data.getAsJsonObject() : new JsonObject();
                Long percent = number(t, "percent");
                if (percent != null && percent >= 100) {
                    Long errors = number(t, "num_err");
                    if (errors != null && errors > 0) {
                        throw new FortiAnalyzerRejectedException(url, -1,
                                "the authorization task finished with " + errors + " error(s)");
                    }
                    return;
                }
                if (System.nanoTime() - deadline >= 0) {
                    LOG.warning("faz: authorization task " + task + " still running after "
                            + config.taskWait().toSeconds() + " s; the next run checks the devices again");
                    return;
                }
                try {
                    Thread.sleep(config.taskPoll().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new FortiAnalyzerUnavailableException(Kind.TIMEOUT, "interrupted while watching task " + task, e);
                }
            }
        }
    }

    /** One JSON-RPC reply: the first result's status and the result itself. */
    private record Reply(int code, String message, JsonObject result, JsonObject root) {}

    private Reply rpc(String method, String url, JsonObject params, String session) {
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
                        Long code = number(status.getAsJsonObject(), "code");
                        String message = text(status.getAsJsonObject(), "message");
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

    private static Long taskId(JsonObject result) {
        JsonElement data = result.get("data");
        if (data != null && data.isJsonObject()) {
            Long id = number(data.getAsJsonObject(), "taskid");
            if (id == null) {
                id = number(data.getAsJsonObject(), "task");
            }
            if (id != null) {
                return id;
            }
        }
        return number(result, "taskid");
    }

    /** {@code mgmt_mode} {@code "unreg"}, or 0 without {@code verbose}: waiting for authorization. */
    private static boolean unregistered(JsonElement mode) {
        if (mode == null || !mode.isJsonPrimitive()) {
            return false; // unknown: never acted on
        }
        JsonPrimitive p = mode.getAsJsonPrimitive();
        if (p.isNumber()) {
            return p.getAsInt() == 0;
        }
        return p.getAsString().trim().equalsIgnoreCase("unreg");
    }

    private static String oneLine(String s) {
        String flat = s == null ? "" : s.replaceAll("\\p{Cntrl}", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }

    private static String text(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    private static Long number(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive()) {
            return null;
        }
        try {
            return e.getAsJsonPrimitive().isNumber() ? e.getAsLong() : Long.parseLong(e.getAsString().trim());
        } catch (NumberFormatException ex) {
            return null;
        }
    }
}
