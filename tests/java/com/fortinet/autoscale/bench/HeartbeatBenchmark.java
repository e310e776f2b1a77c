package com.fortinet.autoscale.bench;

import com.fortinet.autoscale.adapter.memory.InMemorySettingsStore;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.health.Heartbeat;
import com.fortinet.autoscale.domain.heartbeat.HeartbeatService;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.support.Fixtures;
import com.fortinet.autoscale.support.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The steady-state heartbeat path in-process on the in-memory store: every device of a cluster sends its
 * heartbeat on time, round robin, one per operation, with the clock moved by {@code interval / devices}.
 * Runs in a 256 MiB heap. Not part of the test command: {@code scripts/bench.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx256m", "-Xms256m"})
public class HeartbeatBenchmark {
    @Param({"1000"})
    public int devices;

    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    private HeartbeatService heartbeats;
    private List<Heartbeat> beats;
    private Duration step;
    private int next;
    private List<String> bodies;
    private com.fortinet.autoscale.functions.FgtAsHandlerFunction function;
    private final com.microsoft.azure.functions.ExecutionContext context = new BenchContext();

    @Setup
    public void setUp() {
        List<Member> members = new ArrayList<>();
        beats = new ArrayList<>();
        for (int i = 1; i <= devices; i++) {
            members.add(i % 2 == 0 ? Fixtures.payg(i) : Fixtures.byol(i));
            beats.add(Fixtures.beat(i, 30));
        }
        App app = App.builder(AppSettings.of(Map.of()))
                .clock(clock)
                .scaleSets(new StaticScaleSets(members))
                .settingsStore(new InMemorySettingsStore(Map.of("byol-scaling-group-name", "byol",
                        "payg-scaling-group-name", "payg")))
                .notifier(n -> { })
                .build();
        heartbeats = app.heartbeats();
        function = new com.fortinet.autoscale.functions.FgtAsHandlerFunction(app);
        bodies = new ArrayList<>();
        for (Heartbeat hb : beats) {
            bodies.add("{\"instance\":\"" + hb.vmId() + "\",\"interval\":30,\"sequence\":1,"
                    + "\"time\":null,\"sync_status\":true,\"is_primary\":false,\"checksum\":\"abc\"}");
        }
        step = Duration.ofSeconds(30).dividedBy(devices);
        for (Heartbeat hb : beats) {
            heartbeats.handle(hb, "warm-up");
        }
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf("%n%d devices: heap in use %.1f MiB of max %.0f MiB%n", devices,
                (rt.totalMemory() - rt.freeMemory()) / 1048576.0, rt.maxMemory() / 1048576.0);
    }

    /**
     * The same heartbeat through the function class: JSON parsing, the domain, the response and its log
     * line (to a logger without handlers, as the Functions host takes it over).
     */
    @Benchmark
    public Object steadyHeartbeatThroughTheFunction() {
        clock.advance(step);
        String body = bodies.get(next);
        next = (next + 1) % beats.size();
        return function.run(new BenchRequest(body), context);
    }

    @Benchmark
    public HeartbeatService.Result steadyHeartbeat() {
        clock.advance(step);
        Heartbeat hb = beats.get(next);
        next = (next + 1) % beats.size();
        return heartbeats.handle(hb, "bench");
    }

    private static final class BenchContext implements com.microsoft.azure.functions.ExecutionContext {
        private final java.util.logging.Logger logger = java.util.logging.Logger.getAnonymousLogger();

        BenchContext() {
            logger.setUseParentHandlers(false);
        }

        @Override
        public java.util.logging.Logger getLogger() {
            return logger;
        }

        @Override
        public String getInvocationId() {
            return "bench";
        }

        @Override
        public String getFunctionName() {
            return "fgt-as-handler";
        }
    }

    private record BenchRequest(String body) implements com.microsoft.azure.functions.HttpRequestMessage<java.util.Optional<String>> {
        @Override
        public java.net.URI getUri() {
            return java.net.URI.create("http://127.0.0.1/api/fgt-as-handler");
        }

        @Override
        public com.microsoft.azure.functions.HttpMethod getHttpMethod() {
            return com.microsoft.azure.functions.HttpMethod.POST;
        }

        @Override
        public Map<String, String> getHeaders() {
            return Map.of("content-type", "application/json");
        }

        @Override
        public Map<String, String> getQueryParameters() {
            return Map.of();
        }

        @Override
        public java.util.Optional<String> getBody() {
            return java.util.Optional.of(body);
        }

        @Override
        public com.microsoft.azure.functions.HttpResponseMessage.Builder createResponseBuilder(
                com.microsoft.azure.functions.HttpStatus status) {
            return new BenchResponse(status);
        }

        @Override
        public com.microsoft.azure.functions.HttpResponseMessage.Builder createResponseBuilder(
                com.microsoft.azure.functions.HttpStatusType status) {
            return new BenchResponse(status);
        }
    }

    private static final class BenchResponse implements com.microsoft.azure.functions.HttpResponseMessage,
            com.microsoft.azure.functions.HttpResponseMessage.Builder {
        private com.microsoft.azure.functions.HttpStatusType status;
        private Object body;

        BenchResponse(com.microsoft.azure.functions.HttpStatusType status) {
            this.status = status;
        }

        @Override
        public com.microsoft.azure.functions.HttpResponseMessage.Builder status(
                com.microsoft.azure.functions.HttpStatusType s) {
            status = s;
            return this;
        }

        @Override
        public com.microsoft.azure.functions.HttpResponseMessage.Builder header(String key, String value) {
            return this;
        }

        @Override
        public com.microsoft.azure.functions.HttpResponseMessage.Builder body(Object b) {
            body = b;
            return this;
        }

        @Override
        public com.microsoft.azure.functions.HttpResponseMessage build() {
            return this;
        }

        @Override
        public com.microsoft.azure.functions.HttpStatusType getStatus() {
            return status;
        }

        @Override
        public String getHeader(String key) {
            return null;
        }

        @Override
        public Object getBody() {
            return body;
        }
    }
}
