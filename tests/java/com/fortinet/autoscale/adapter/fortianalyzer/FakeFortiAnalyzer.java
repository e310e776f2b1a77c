package com.fortinet.autoscale.adapter.fortianalyzer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A FortiAnalyzer JSON-RPC API on {@code https://127.0.0.1:<free port>/jsonrpc} for tests: login, device list,
 * authorize ({@code /dvm/cmd/add/dev-list}, {@code promote_unreg}), task status and logout, with sessions
 * that a test can expire, failures it can inject, calls it can make hang, and a device list it can change
 * between calls. It records every call.
 */
public final class FakeFortiAnalyzer implements AutoCloseable {
    public static final String USER = "autoscale-api";
    public static final String PASSWORD = "faz-test-password";

    private final HttpsServer server;
    private final ExecutorService executor;

    // All state below is guarded by this.
    private final Map<String, JsonObject> devices = new LinkedHashMap<>();
    private final Set<String> sessions = new HashSet<>();
    private final Deque<Runnable> afterList = new ArrayDeque<>();
    private final Map<String, Deque<int[]>> failures = new HashMap<>();
    private final Map<String, Deque<String>> failureMessages = new HashMap<>();
    private final Set<String> hanging = new HashSet<>();
    private final Deque<Integer> taskPercents = new ArrayDeque<>();
    private final List<String> calls = new ArrayList<>();
    private final List<String> authorized = new ArrayList<>();
    private final List<JsonObject> authorizeRequests = new ArrayList<>();
    private CountDownLatch release = new CountDownLatch(1);
    private boolean sessionsAlwaysInvalid;
    private int httpStatus = 200;
    private int taskErrors;
    private int logins;
    private int logouts;
    private long nextTask = 100;

    private FakeFortiAnalyzer(TestCertificate certificate) throws Exception {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-faz");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/jsonrpc", this::serve);
        server.start();
    }

    public static FakeFortiAnalyzer start(TestCertificate certificate) throws Exception {
        return new FakeFortiAnalyzer(certificate);
    }

    /** The API URL, as {@code FAZ_API_URL} takes it. */
    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    public URI endpoint() {
        return URI.create(url() + "/jsonrpc");
    }

    // ---- what a test sets up ----

    public synchronized FakeFortiAnalyzer device(String name, String hostname, String sn, String ip, boolean isAuthorized) {
        JsonObject d = new JsonObject();
        d.addProperty("name", name);
        if (hostname != null) {
            d.addProperty("hostname", hostname);
        }
        if (sn != null) {
            d.addProperty("sn", sn);
        }
        if (ip != null) {
            d.addProperty("ip", ip);
        }
        d.addProperty("mgmt_mode", isAuthorized ? "faz" : "unreg");
        d.addProperty("oid", devices.size() + 1);
        devices.put(name, d);
        return this;
    }

    /** A device waiting for authorization, named by its hostname as the FortiAnalyzer does. */
    public FakeFortiAnalyzer unauthorized(String hostname, String sn, String ip) {
        return device(hostname, hostname, sn, ip, false);
    }

    /** Runs {@code change} right after the next device list is answered: the list changes between calls. */
    public synchronized void afterNextList(Runnable change) {
        afterList.add(change);
    }

    /** The next call to {@code url} answers this status code and message. */
    public synchronized void failNext(String url, int code, String message) {
        failures.computeIfAbsent(url, k -> new ArrayDeque<>()).add(new int[] {code});
        failureMessages.computeIfAbsent(url, k -> new ArrayDeque<>()).add(message);
    }

    /** Calls to {@code url} do not answer until {@link #release} (or 60 s). */
    public synchronized void hang(String url) {
        hanging.add(url);
    }

    public synchronized void release() {
        hanging.clear();
        release.countDown();
        release = new CountDownLatch(1);
    }

    /** Forgets every session, as a FortiAnalyzer restart or session timeout does. */
    public synchronized void expireSessions() {
        sessions.clear();
    }

    /** Every session is refused, even a fresh one (a user without JSON-RPC permission behaves so). */
    public synchronized void refuseAllSessions() {
        sessionsAlwaysInvalid = true;
    }

    /** Answers every request with this HTTP status (200 = normal). */
    public synchronized void httpStatus(int status) {
        this.httpStatus = status;
    }

    /** The percentages successive task looks answer (then 100). */
    public synchronized void taskProgress(int... percents) {
        for (int p : percents) {
            taskPercents.add(p);
        }
    }

    public synchronized void taskErrors(int errors) {
        this.taskErrors = errors;
    }

    // ---- what a test checks ----

    public synchronized int logins() {
        return logins;
    }

    public synchronized int logouts() {
        return logouts;
    }

    public synchronized int openSessions() {
        return sessions.size();
    }

    /** The urls called, in order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized long count(String url) {
        return calls.stream().filter(url::equals).count();
    }

    /** The device names authorized so far, in order. */
    public synchronized List<String> authorized() {
        return List.copyOf(authorized);
    }

    public synchronized List<JsonObject> authorizeRequests() {
        return List.copyOf(authorizeRequests);
    }

    public synchronized boolean isAuthorized(String name) {
        JsonObject d = devices.get(name);
        return d != null && !"unreg".equals(d.get("mgmt_mode").getAsString());
    }

    /** Waits, at most {@code limit}, until {@code condition} holds; returns whether it did. */
    public boolean await(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (this) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- the API ----

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonObject request = JsonParser.parseString(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
            JsonObject params = request.getAsJsonArray("params").get(0).getAsJsonObject();
            String url = params.get("url").getAsString();
            CountDownLatch wait = null;
            synchronized (this) {
                calls.add(url);
                notifyAll();
                if (hanging.contains(url)) {
                    wait = release;
                }
            }
            if (wait != null) {
                try {
                    wait.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return; // the server is stopping
                }
            }
            JsonObject reply;
            int status;
            synchronized (this) {
                status = httpStatus;
                reply = answer(request, params, url);
                notifyAll();
            }
            byte[] bytes = reply.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away (a timeout test) or sent garbage; nothing to answer
        }
    }

    private JsonObject answer(JsonObject request, JsonObject params, String url) {
        JsonElement id = request.get("id");
        Deque<int[]> injected = failures.get(url);
        if (injected != null && !injected.isEmpty()) {
            return reply(id, url, injected.poll()[0], failureMessages.get(url).poll(), null);
        }
        if (url.equals("/sys/login/user")) {
            JsonObject data = params.getAsJsonObject("data");
            if (!USER.equals(data.get("user").getAsString()) || !PASSWORD.equals(data.get("passwd").getAsString())) {
                return reply(id, url, -22, "Login fail", null);
            }
            logins++;
            String token = UUID.randomUUID().toString();
            sessions.add(token);
            JsonObject r = reply(id, url, 0, "OK", null);
            r.addProperty("session", token);
            return r;
        }
        JsonElement session = request.get("session");
        if (sessionsAlwaysInvalid || session == null || !sessions.contains(session.getAsString())) {
            return reply(id, url, -11, "No permission for the resource", null);
        }
        switch (url) {
            case "/sys/logout": {
                sessions.remove(session.getAsString());
                logouts++;
                return reply(id, url, 0, "OK", null);
            }
            case "/dvmdb/device": {
                JsonArray list = new JsonArray();
                devices.values().forEach(d -> list.add(d.deepCopy()));
                Runnable change = afterList.poll();
                if (change != null) {
                    change.run();
                }
                return reply(id, url, 0, "OK", list);
            }
            case "/dvm/cmd/add/dev-list": {
                JsonObject data = params.getAsJsonObject("data");
                authorizeRequests.add(data.deepCopy());
                if (!"root".equals(data.get("adom").getAsString())) {
                    return reply(id, url, -6, "Invalid url", null);
                }
                for (JsonElement e : data.getAsJsonArray("add-dev-list")) {
                    JsonObject entry = e.getAsJsonObject();
                    JsonObject d = devices.get(entry.get("name").getAsString());
                    if (d == null || !"promote_unreg".equals(entry.get("device action").getAsString())) {
                        return reply(id, url, -3, "Object does not exist", null);
                    }
                    d.addProperty("mgmt_mode", "faz");
                    authorized.add(d.get("name").getAsString());
                }
                JsonObject task = new JsonObject();
                task.addProperty("taskid", nextTask++);
                return reply(id, url, 0, "OK", task);
            }
            default:
                if (url.startsWith("/task/task/")) {
                    Integer p = taskPercents.poll();
                    JsonObject task = new JsonObject();
                    task.addProperty("id", Long.parseLong(url.substring("/task/task/".length())));
                    task.addProperty("percent", p == null ? 100 : p);
                    task.addProperty("num_err", p == null || p >= 100 ? taskErrors : 0);
                    return reply(id, url, 0, "OK", task);
                }
                return reply(id, url, -6, "Invalid url", null);
        }
    }

    private static JsonObject reply(JsonElement id, String url, int code, String message, JsonElement data) {
        JsonObject status = new JsonObject();
        status.addProperty("code", code);
        status.addProperty("message", message);
        JsonObject result = new JsonObject();
        result.add("status", status);
        result.addProperty("url", url);
        if (data != null) {
            result.add("data", data);
        }
        JsonArray results = new JsonArray();
        results.add(result);
        JsonObject r = new JsonObject();
        r.add("id", id);
        r.add("result", results);
        return r;
    }
}
