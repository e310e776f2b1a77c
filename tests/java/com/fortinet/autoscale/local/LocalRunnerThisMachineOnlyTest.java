package com.fortinet.autoscale.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.adapter.local.DemoCluster;
import com.fortinet.autoscale.adapter.memory.InMemoryHealthRecords;
import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local runner serves this machine only: a request naming another host (DNS rebinding) or sent by a web
 * page (Origin) is refused before any function runs; and it does not delete real Azure VMs unless told to.
 * Requests are written on a plain socket, because HTTP clients will not send a Host of our choosing.
 */
class LocalRunnerThisMachineOnlyTest {
    private static final String VM1 = DemoCluster.members().get(0).vmId().value();
    private LocalRunner runner;
    private final InMemoryHealthRecords health = new InMemoryHealthRecords();

    @BeforeEach
    void start() throws IOException {
        App app = App.builder(LocalRunner.withLocalDefaults(AppSettings.of(Map.of(
                AppSettings.HEALTH_MONITOR_SCHEDULE, "0 0 0 1 1 *")), 0))
                .healthRecords(health).scaleSets(new StaticScaleSets(DemoCluster.members())).build();
        runner = LocalRunner.start(app, 0);
    }

    @AfterEach
    void stop() {
        runner.close();
    }

    /** Status line and body of one raw HTTP/1.1 exchange. */
    private record Raw(int status, String body, String head) {}

    private Raw send(String method, String path, Map<String, String> headers, String body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", runner.port()), 5_000);
            socket.setSoTimeout(10_000);
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            request.append("Content-Length: ").append(payload.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = text.substring(0, split);
            return new Raw(Integer.parseInt(head.substring(9, 12)), text.substring(split + 4), head);
        }
    }

    private String heartbeat() {
        return "{\"instance\":\"" + VM1 + "\",\"interval\":30}";
    }

    @Test
    void aForeignHostIsRefusedWith403AndNothingIsWritten() throws IOException {
        // Invoke: a page at rebind.example whose name now resolves to 127.0.0.1
        Raw r = send("POST", "/api/fgt-as-handler", Map.of("Host", "rebind.example:" + runner.port()), heartbeat());

        // Verify
        assertEquals(403, r.status(), r.head());
        assertTrue(r.body().startsWith("local runner: Host must be localhost"), r.body());
        assertEquals(1, r.body().strip().lines().count(), "one line");
        assertTrue(r.head().toLowerCase().contains("x-correlation-id: "), r.head());
        assertTrue(health.readAll().isEmpty(), "no function ran");
    }

    @Test
    void aLocalNameOnAnotherPortIsForeignToo() throws IOException {
        assertEquals(403, send("GET", "/api/cluster-status", Map.of("Host", "127.0.0.1:1"), null).status());
        assertEquals(403, send("GET", "/api/cluster-status", Map.of("Host", "localhost.evil.example"), null).status());
        assertEquals(403, send("GET", "/api/cluster-status", Map.of("Host", "[::2]:" + runner.port()), null).status());
    }

    @Test
    void anyOriginIsRefusedEvenWithALocalHost() throws IOException {
        // Invoke: what a browser sends for a page of another site posting to the runner
        Raw r = send("POST", "/api/fgt-as-handler", Map.of("Host", "127.0.0.1:" + runner.port(),
                "Origin", "https://attacker.example"), heartbeat());

        // Verify
        assertEquals(403, r.status());
        assertEquals("local runner: requests from a web page (Origin header) are refused\n", r.body());
        assertTrue(health.readAll().isEmpty(), "no function ran");
    }

    @Test
    void localhostLoopbackAndIpv6LoopbackAreServed() throws IOException {
        for (String host : new String[] {"localhost:" + runner.port(), "127.0.0.1:" + runner.port(),
                "[::1]:" + runner.port(), "LOCALHOST"}) {
            Raw r = send("GET", "/api/fgt-as-handler", Map.of("Host", host, "Fos-instance-id", VM1), null);
            assertEquals(200, r.status(), host + ": " + r.body());
            assertTrue(r.body().contains("config system auto-scale"), host);
        }
    }

    @Test
    void terminatingAzureVmsFromThisMachineNeedsTheExplicitFlag() {
        Map<String, String> azure = Map.of(AppSettings.AZURE_SUBSCRIPTION_ID, "11111111-2222-3333-4444-555555555555",
                AppSettings.RESOURCE_GROUP, "fgt-rg", "TERMINATE_UNHEALTHY_VM", "true");

        Optional<String> refused = LocalRunner.unsafeTermination(AppSettings.of(azure));
        assertTrue(refused.isPresent());
        assertTrue(refused.get().contains("TERMINATE_UNHEALTHY_VM") && refused.get().contains("LOCAL_ALLOW_AZURE_TERMINATE"),
                refused.get());

        AppSettings allowed = AppSettings.of(azure).with(Map.of(AppSettings.LOCAL_ALLOW_AZURE_TERMINATE, "true"));
        assertEquals(Optional.empty(), LocalRunner.unsafeTermination(allowed));
        AppSettings off = AppSettings.of(azure).with(Map.of("TERMINATE_UNHEALTHY_VM", "false"));
        assertEquals(Optional.empty(), LocalRunner.unsafeTermination(off));
        AppSettings localFile = AppSettings.of(Map.of("TERMINATE_UNHEALTHY_VM", "true"));
        assertEquals(Optional.empty(), LocalRunner.unsafeTermination(localFile), "the local scale-sets file is fair game");
    }

    @Test
    void foreignCallerRulesReadTheHostAsBrowsersSendIt() {
        assertFalse(LocalRunner.foreignCaller("localhost", false, 7071).isPresent());
        assertFalse(LocalRunner.foreignCaller("[::1]:7071", false, 7071).isPresent());
        assertTrue(LocalRunner.foreignCaller("[::1]:7072", false, 7071).isPresent());
        assertTrue(LocalRunner.foreignCaller(null, false, 7071).isPresent());
        assertTrue(LocalRunner.foreignCaller("127.0.0.1.nip.io:7071", false, 7071).isPresent());
        assertTrue(LocalRunner.foreignCaller("localhost:7071", true, 7071).isPresent());
    }
}
