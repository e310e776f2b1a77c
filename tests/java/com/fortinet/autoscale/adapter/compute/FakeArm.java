package com.fortinet.autoscale.adapter.compute;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.compute.ComputeManager;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Azure Resource Manager: serves the scale sets' VM and NIC lists from the JSON in
 * {@code tests/resources/arm} ({@code <set>.<vms|nics>.<page>.json}, with {@code {{BASE}}} in a
 * {@code nextLink} replaced by its own address), answers 404 ResourceNotFound for a scale set it has no
 * file for, accepts instance deletes, and records every request (and when each refresh started); it can hold
 * one request until the test releases it, so a listing stays in flight. Paths match case-insensitively, as in
 * ARM (the network SDK writes {@code microsoft.Compute}). Plain HTTP on loopback: the client's
 * pipeline sets a fake bearer token instead of asking Microsoft Entra for one.
 */
final class FakeArm implements AutoCloseable {
    static final String SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";
    static final String RESOURCE_GROUP = "fgt-rg";
    static final String TOKEN = "fake-arm-token";
    private static final Pattern LIST = Pattern.compile("/subscriptions/" + SUBSCRIPTION + "/resourceGroups/"
            + RESOURCE_GROUP + "/providers/Microsoft\\.Compute/virtualMachineScaleSets/([^/]+)/(virtualMachines|networkInterfaces)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern INSTANCE = Pattern.compile("/subscriptions/" + SUBSCRIPTION + "/resourceGroups/"
            + RESOURCE_GROUP + "/providers/Microsoft\\.Compute/virtualMachineScaleSets/([^/]+)/virtualMachines/([^/]+)",
            Pattern.CASE_INSENSITIVE);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<String> requests = new ArrayList<>();
    private final Map<String, String> variants = new ConcurrentHashMap<>();
    private volatile int failWith;
    private final List<Instant> refreshStarts = new ArrayList<>();
    private volatile Clock clock = Clock.systemUTC();
    private volatile Hold hold;

    /** A request held until released: {@link #reached} counts down when it arrives. */
    static final class Hold {
        private final String text;
        final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private Hold(String text) {
            this.text = text;
        }

        void release() {
            released.countDown();
        }
    }

    FakeArm() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A ComputeManager whose pipeline talks to this server with a fake bearer token (no https needed). */
    ComputeManager computeManager() {
        HttpPipeline pipeline = new HttpPipelineBuilder()
                .httpClient(HttpClient.createDefault())
                .policies((context, next) -> {
                    context.getHttpRequest().setHeader(HttpHeaderName.AUTHORIZATION, "Bearer " + TOKEN);
                    return next.process();
                })
                .build();
        // Azure's endpoints, with Resource Manager (and, to be safe, Entra and Graph) pointing here.
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", base() + "/");
        endpoints.put("activeDirectoryEndpointUrl", base() + "/aad/");
        endpoints.put("microsoftGraphResourceId", base() + "/graph/");
        endpoints.put("activeDirectoryGraphResourceId", base() + "/aadgraph/");
        AzureEnvironment environment = new AzureEnvironment(endpoints);
        return ComputeManager.authenticate(pipeline, new AzureProfile("tenant", SUBSCRIPTION, environment));
    }

    /** Serves {@code <fixture>.<variant>.json} instead of {@code <fixture>.json} (e.g. a scale-out). */
    void useVariant(String fixture, String variant) {
        variants.put(fixture, variant);
    }

    /** Answers every request with this status (0: behave). */
    void failWith(int status) {
        failWith = status;
    }

    /** The clock that times the start of each refresh ({@link #refreshStarts}). */
    void timeWith(Clock clock) {
        this.clock = clock;
    }

    /** Holds the next request whose "METHOD path?query" contains the text, until {@link Hold#release}. */
    Hold holdNext(String text) {
        Hold h = new Hold(text);
        hold = h;
        return h;
    }

    /** When each refresh started (its first request arrived), by the clock of {@link #timeWith}. */
    synchronized List<Instant> refreshStarts() {
        return List.copyOf(refreshStarts);
    }

    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    /** Requests whose "METHOD path" contains the text. */
    synchronized long count(String text) {
        return requests.stream().filter(r -> r.contains(text)).count();
    }

    /** How many full refreshes were made: each starts with page 1 of the BYOL scale set's VMs. */
    long refreshes() {
        return requests().stream().filter(FakeArm::startsRefresh).count();
    }

    private static boolean startsRefresh(String request) {
        return request.startsWith("GET ") && request.contains("/fgt-byol/virtualMachines?") && !request.contains("skiptoken");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            String method = exchange.getRequestMethod();
            String request = method + " " + path + (query == null ? "" : "?" + URLDecoder.decode(query, StandardCharsets.UTF_8));
            synchronized (this) {
                requests.add(request);
                if (startsRefresh(request)) {
                    refreshStarts.add(clock.instant());
                }
            }
            Hold h = hold;
            if (h != null && request.contains(h.text)) {
                hold = null;
                h.reached.countDown();
                try {
                    h.released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, error("AuthenticationFailed", "no bearer token"));
                return;
            }
            if (failWith != 0) {
                send(exchange, failWith, error("InternalServerError", "fake ARM was told to fail"));
                return;
            }
            Matcher list = LIST.matcher(path);
            if ("GET".equals(method) && list.matches()) {
                String set = list.group(1);
                String kind = list.group(2).equalsIgnoreCase("virtualMachines") ? "vms" : "nics";
                String page = query != null && query.contains("skiptoken=") ? query.replaceAll(".*skiptoken=(\\w+).*", "$1") : "1";
                String fixture = set + "." + kind + "." + page;
                String body = fixture(fixture);
                if (body == null) {
                    send(exchange, 404, error("ResourceNotFound", "The Resource 'Microsoft.Compute/virtualMachineScaleSets/"
                            + set + "' under resource group '" + RESOURCE_GROUP + "' was not found."));
                } else {
                    send(exchange, 200, body.replace("{{BASE}}", base()));
                }
                return;
            }
            if ("DELETE".equals(method) && INSTANCE.matcher(path).matches()) {
                send(exchange, 200, "");
                return;
            }
            send(exchange, 404, error("NotFound", "no route " + path));
        }
    }

    private String fixture(String name) {
        String variant = variants.get(name);
        String resource = "/arm/" + name + (variant == null ? "" : "." + variant) + ".json";
        try (InputStream in = FakeArm.class.getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'") + "\"}}";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("x-ms-request-id", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
