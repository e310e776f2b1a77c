package com.fortinet.autoscale.local;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.app.LoggingPolicy;
import com.fortinet.autoscale.domain.LogText;
import com.fortinet.autoscale.functions.Functions;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded runner (SPEC §9): serves the same function classes as Azure under {@code /api/<name>} on
 * loopback, and runs the timer functions on their NCRONTAB schedules. The function key is not checked.
 */
public final class LocalRunner implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalRunner.class.getName());
    /** Exit status of a runner that refused to start (a configuration mistake, the port in use). */
    static final int EXIT_CONFIGURATION = 2;

    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final Map<String, Route> routes;
    private final List<String> timerNames = new ArrayList<>();

    private record Route(String name, Class<?> type, Method method, List<HttpMethod> methods) {}

    private LocalRunner(AppSettings settings, String host, int port) throws IOException {
        this.routes = httpRoutes();
        this.server = HttpServer.create(new InetSocketAddress(host, port), 128);
        this.workers = Executors.newFixedThreadPool(Math.max(8, Runtime.getRuntime().availableProcessors() * 4), r -> {
            Thread t = new Thread(r, "local-http");
            t.setDaemon(true);
            return t;
        });
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-timers");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/api/", this::serve);
        server.start();
        scheduleTimers(settings);
    }

    /**
     * Starts a runner for {@code app} on {@code 127.0.0.1:port} (0 picks a free port) and installs the app as
     * the process's app.
     */
    public static LocalRunner start(App app, int port) throws IOException {
        App.install(app);
        return new LocalRunner(app.appSettings(), "127.0.0.1", port);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The names of the timer functions running on their schedules. */
    public List<String> timers() {
        return List.copyOf(timerNames);
    }

    @Override
    public void close() {
        timers.shutdownNow();
        server.stop(0);
        workers.shutdownNow();
    }

    public static void main(String[] args) throws IOException {
        LoggingPolicy.apply();
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n");
        }
        Path settingsFile = Path.of("local.settings.json");
        AppSettings settings;
        try {
            settings = AppSettings.forLocalRunner(settingsFile);
        } catch (RuntimeException e) {
            refuse(List.of(e.getMessage()));
            return;
        }
        List<String> problems = StartupCheck.problems(settings);
        if (!problems.isEmpty()) {
            refuse(problems);
            return;
        }
        int port = settings.port();
        settings = withLocalDefaults(settings, port);
        Optional<String> unsafe = unsafeTermination(settings);
        if (unsafe.isPresent()) {
            refuse(List.of(unsafe.get()));
            return;
        }
        App app = App.forLocalRunner(settings);
        app.startInBackground(); // clients start while the server binds; a request that needs one waits for it
        LocalRunner runner;
        try {
            runner = start(app, port);
        } catch (java.net.BindException e) {
            refuse(List.of(AppSettings.PORT + ": port " + port + " is in use; stop the other process or set PORT"
                    + " (0 picks a free port)"));
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runner.close();
            System.out.println("local runner stopped");
            System.out.flush();
        }, "local-runner-stop"));
        Loaded.printBanner(System.out, runner.port(), List.copyOf(runner.routes.keySet()), runner.timers(), settings, Files.isRegularFile(settingsFile) ? settingsFile : null);
    }

    /** Says what is wrong, one line per problem naming the setting, and exits without starting anything. */
    private static void refuse(List<String> problems) {
        for (String p : problems) {
            System.err.println("local runner not started: " + p);
        }
        System.err.flush();
        System.exit(EXIT_CONFIGURATION);
    }

    /**
     * Why the runner must not start, if so: {@code TERMINATE_UNHEALTHY_VM=true} against real Azure scale sets
     * ({@code AZURE_SUBSCRIPTION_ID} set) without {@code LOCAL_ALLOW_AZURE_TERMINATE=true}. A runner on a
     * developer's machine sees none of the production heartbeats, so it would find every FortiGate silent.
     */
    static Optional<String> unsafeTermination(AppSettings settings) {
        boolean azure = settings.get(AppSettings.AZURE_SUBSCRIPTION_ID).isPresent();
        boolean terminate = settings.get("TERMINATE_UNHEALTHY_VM").map("true"::equalsIgnoreCase).orElse(false);
        if (azure && terminate && !App.allowsAzureTermination(settings)) {
            return Optional.of("TERMINATE_UNHEALTHY_VM=true against the Azure scale sets of AZURE_SUBSCRIPTION_ID would"
                    + " let this machine delete real FortiGates; unset it, or set "
                    + AppSettings.LOCAL_ALLOW_AZURE_TERMINATE + "=true if that is what you want");
        }
        return Optional.empty();
    }

    /**
     * Fills in what a deployment would set, so that a newcomer's first bootstrap call works: the runner's
     * own callback URL, a PSK generated for this run, a virtual network CIDR, and the demo's scale set names.
     */
    static AppSettings withLocalDefaults(AppSettings settings, int port) {
        Map<String, String> defaults = new HashMap<>();
        defaults.put("AUTOSCALE_HANDLER_URL", "http://127.0.0.1:" + port + "/api/fgt-as-handler");
        defaults.put("FORTIGATE_PSK_SECRET", java.util.UUID.randomUUID().toString().replace("-", ""));
        defaults.put("FORTIGATE_AUTOSCALE_VIRTUAL_NETWORK_CIDR", "10.0.0.0/16");
        if (settings.get(AppSettings.LOCAL_SCALE_SETS_FILE).isEmpty()) {
            defaults.put("BYOL_SCALING_GROUP_NAME", "byol");
            defaults.put("PAYG_SCALING_GROUP_NAME", "payg");
        }
        Map<String, String> missing = new HashMap<>();
        defaults.forEach((k, v) -> {
            if (settings.get(k).isEmpty()) {
                missing.put(k, v);
            }
        });
        return settings.with(missing);
    }

    private static Map<String, Route> httpRoutes() {
        Map<String, Route> routes = new LinkedHashMap<>();
        for (Class<?> type : Functions.ALL) {
            for (Method m : type.getMethods()) {
                FunctionName name = m.getAnnotation(FunctionName.class);
                HttpTrigger trigger = parameterAnnotation(m, HttpTrigger.class);
                if (name != null && trigger != null) {
                    String route = trigger.route().isEmpty() ? name.value() : trigger.route();
                    routes.put(route, new Route(name.value(), type, m, Arrays.asList(trigger.methods())));
                }
            }
        }
        return routes;
    }

    private void scheduleTimers(AppSettings settings) {
        CronParser parser = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));
        for (Class<?> type : Functions.ALL) {
            for (Method m : type.getMethods()) {
                FunctionName name = m.getAnnotation(FunctionName.class);
                TimerTrigger trigger = parameterAnnotation(m, TimerTrigger.class);
                if (name == null || trigger == null) {
                    continue;
                }
                String schedule = resolve(trigger.schedule(), settings);
                if (trigger.schedule().startsWith("%")) {
                    schedule = StartupCheck.schedule(settings, trigger.schedule().replace("%", ""));
                }
                ExecutionTime times = ExecutionTime.forCron(parser.parse(schedule));
                timerNames.add(name.value());
                scheduleNext(name.value(), type, m, times);
            }
        }
    }

    private void scheduleNext(String name, Class<?> type, Method method, ExecutionTime times) {
        Optional<java.time.Duration> wait = times.timeToNextExecution(ZonedDateTime.now());
        if (wait.isEmpty() || timers.isShutdown()) {
            return;
        }
        timers.schedule(() -> {
            try {
                Object target = type.getDeclaredConstructor().newInstance();
                String info = "{\"isPastDue\":false}";
                method.invoke(target, info, new LocalExecutionContext(name));
            } catch (InvocationTargetException e) {
                LOG.log(Level.WARNING, "timer {0} failed: {1}", new Object[] {name, e.getCause().toString()});
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.WARNING, "timer {0} failed: {1}", new Object[] {name, e.toString()});
            } finally {
                scheduleNext(name, type, method, times);
            }
        }, Math.max(1, wait.get().toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Resolves {@code %APP_SETTING%} as the Functions host does. */
    static String resolve(String schedule, AppSettings settings) {
        if (schedule.startsWith("%") && schedule.endsWith("%") && schedule.length() > 2) {
            String key = schedule.substring(1, schedule.length() - 1);
            return settings.get(key).orElseThrow(() -> new IllegalStateException("app setting " + key + " is not set"));
        }
        return schedule;
    }

    private static <A extends Annotation> A parameterAnnotation(Method m, Class<A> type) {
        for (Annotation[] annotations : m.getParameterAnnotations()) {
            for (Annotation a : annotations) {
                if (type.isInstance(a)) {
                    return type.cast(a);
                }
            }
        }
        return null;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Optional<String> foreign = foreignCaller(exchange.getRequestHeaders().getFirst("Host"),
                    exchange.getRequestHeaders().containsKey("Origin"), port());
            if (foreign.isPresent()) {
                // a page in the developer's browser (Origin), or a DNS name rebound to 127.0.0.1 (Host), must not
                // drive a runner that may hold real credentials; refused before the body is read
                String cid = java.util.UUID.randomUUID().toString();
                LOG.warning("cid=" + cid + " local runner refused " + exchange.getRequestMethod() + " "
                        + LogText.quoted(exchange.getRequestURI().getRawPath()) + ": " + foreign.get() + " (Host="
                        + LogText.quoted(exchange.getRequestHeaders().getFirst("Host")) + ", Origin="
                        + LogText.quoted(exchange.getRequestHeaders().getFirst("Origin")) + ")");
                LocalExchange.send(exchange, 403, Map.of("Content-Type", "text/plain; charset=utf-8", "x-correlation-id", cid),
                        "local runner: " + foreign.get() + "\n");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String name = path.substring("/api/".length());
            Route route = routes.get(name);
            if (route == null) {
                LocalExchange.send(exchange, 404, Map.of(), "no function at " + path);
                return;
            }
            HttpMethod method;
            try {
                method = HttpMethod.value(exchange.getRequestMethod());
            } catch (RuntimeException e) {
                method = null;
            }
            if (method == null || !route.methods().contains(method)) {
                LocalExchange.send(exchange, 405, Map.of(), "method not allowed");
                return;
            }
            String body = LocalExchange.readBody(exchange.getRequestBody());
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            // the TCP peer, passed on as App Service's front end does, so that the caller check works here too;
            // appended to what the client sent, as a proxy that appends would (the harder case for the check)
            headers.merge("x-forwarded-for", peer(exchange.getRemoteAddress()), (sent, peer) -> sent + ", " + peer);
            URI uri = URI.create("http://" + exchange.getLocalAddress().getHostString() + ":" + port()
                    + exchange.getRequestURI());
            LocalHttpRequest request = new LocalHttpRequest(uri, method, headers, LocalExchange.query(exchange.getRequestURI()),
                    body.isEmpty() ? null : body);
            Object target = route.type().getDeclaredConstructor().newInstance();
            Object result = route.method().invoke(target, request, new LocalExecutionContext(route.name()));
            HttpResponseMessage response = (HttpResponseMessage) result;
            Map<String, String> responseHeaders = response instanceof LocalHttpRequest.Response r ? r.headers() : Map.of();
            Object b = response.getBody();
            LocalExchange.send(exchange, response.getStatusCode(), responseHeaders, b == null ? null : b.toString());
        } catch (InvocationTargetException e) {
            LOG.log(Level.SEVERE, "function failed: {0}", e.getCause().toString());
            LocalExchange.send(exchange, 500, Map.of(), "internal error");
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.SEVERE, "local runner failed: {0}", e.toString());
            LocalExchange.send(exchange, 500, Map.of(), "internal error");
        }
    }

    /**
     * Why a request is not this machine's own, if it is not: a {@code Host} other than {@code localhost},
     * {@code 127.0.0.1} or {@code [::1]} (with no port or the runner's), or any {@code Origin} header (browsers
     * send one on cross-site requests; FortiGates and curl do not).
     */
    static Optional<String> foreignCaller(String host, boolean hasOrigin, int port) {
        if (hasOrigin) {
            return Optional.of("requests from a web page (Origin header) are refused");
        }
        if (host == null || host.isBlank()) {
            return Optional.of("a Host header is required");
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        String name = h;
        String hostPort = null;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            name = close < 0 ? h : h.substring(0, close + 1);
            hostPort = close < 0 || close + 1 >= h.length() ? null : h.substring(close + 1);
        } else if (h.indexOf(':') >= 0) {
            name = h.substring(0, h.indexOf(':'));
            hostPort = h.substring(h.indexOf(':'));
        }
        boolean local = name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]");
        boolean samePort = hostPort == null || hostPort.equals(":" + port);
        return local && samePort ? Optional.empty()
                : Optional.of("Host must be localhost, 127.0.0.1 or [::1] (port " + port + "): this runner serves this machine only");
    }

    /** {@code 127.0.0.1:54321}, {@code [::1]:54321}. */
    static String peer(InetSocketAddress remote) {
        java.net.InetAddress a = remote.getAddress();
        String host = a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        return host + ":" + remote.getPort();
    }
}
