package com.fortinet.autoscale.adapter.fortianalyzer;

import static com.fortinet.autoscale.adapter.fortianalyzer.JsonFields.number;
import static com.fortinet.autoscale.adapter.fortianalyzer.JsonFields.oneLine;
import static com.fortinet.autoscale.adapter.fortianalyzer.JsonFields.text;

import com.fortinet.autoscale.adapter.fortianalyzer.JsonRpcTransport.Reply;
import com.fortinet.autoscale.domain.fortianalyzer.FazDevice;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzerRejectedException;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzerUnavailableException;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzerUnavailableException.Kind;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzer;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.logging.Logger;

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
 * again, once per session. Every call has a connect and a request timeout and an overall deadline
 * ({@link JsonRpcTransport}). The credentials and session tokens are never logged or put in a message.
 *
 * <p>Thread-safe; one instance (one HTTP client) per process.
 */
public final class JsonRpcFortiAnalyzer implements FortiAnalyzer {
    private static final Logger LOG = Logger.getLogger(JsonRpcFortiAnalyzer.class.getName());
    /** The status code of a call made with a session the FortiAnalyzer does not (or no longer) accept. */
    static final int SESSION_INVALID = -11;

    private final Config config;
    private final JsonRpcTransport transport;

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
         * @throws IllegalArgumentException when the URL is not an https URL or carries user info (the message
         *                                  names FAZ_API_URL and never shows its value)
         */
        public static Config of(String apiUrl, String username, String password, FazTls tls) {
            if (hasUserInfo(apiUrl)) {
                // the value is never repeated: it holds a credential
                throw new IllegalArgumentException(USER_INFO_REFUSED);
            }
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

        /**
         * Whether a URL carries user info ({@code https://user:password@host}): decided on the text, so that a
         * URL that does not even parse is caught too.
         */
        public static boolean hasUserInfo(String apiUrl) {
            if (apiUrl == null) {
                return false;
            }
            String rest = apiUrl.trim();
            int scheme = rest.indexOf("://");
            rest = scheme >= 0 ? rest.substring(scheme + 3) : rest;
            int end = rest.length();
            for (char c : new char[] {'/', '?', '#'}) {
                int i = rest.indexOf(c);
                if (i >= 0 && i < end) {
                    end = i;
                }
            }
            return rest.substring(0, end).indexOf('@') >= 0;
        }

        /** Why a URL with user info is refused, naming the setting and never showing its value. */
        public static final String USER_INFO_REFUSED = "FAZ_API_URL carries user info (a user or password before"
                + " '@'): refused; put the API user in FAZ_USERNAME and FAZ_PASSWORD and the address alone in"
                + " FAZ_API_URL";

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
        this.transport = new JsonRpcTransport(config);
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
        Reply reply = transport.rpc("exec", "/sys/login/user", params, null);
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
            Reply reply = transport.rpc("exec", "/sys/logout", new JsonObject(), token);
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
            Reply reply = transport.rpc(method, url, params, token);
            if (reply.code() == SESSION_INVALID && !renewed) {
                renewed = true;
                LOG.info("faz: the session is no longer accepted (" + oneLine(reply.message()) + "); logging in again");
                token = login();
                reply = transport.rpc(method, url, params, token);
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
}
