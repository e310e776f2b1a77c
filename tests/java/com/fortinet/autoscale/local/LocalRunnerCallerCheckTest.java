package com.fortinet.autoscale.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.local.LocalScaleSetsFile;
import com.fortinet.autoscale.adapter.memory.InMemoryHealthRecords;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.cluster.VmId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The caller check over real TCP: the runner passes the peer address on as App Service does, so members at
 * 127.0.0.1 and 127.0.0.2 (loopback, all of 127.0.0.0/8) can be told apart, and a forged vmId or a forged
 * {@code X-Forwarded-For} is refused.
 */
class LocalRunnerCallerCheckTest {
    private static final String A = "bbbbbbbb-0000-4000-8000-000000000001";
    private static final String B = "bbbbbbbb-0000-4000-8000-000000000002";

    @TempDir
    Path dir;
    private LocalRunner runner;
    private App app;
    private final InMemoryHealthRecords health = new InMemoryHealthRecords();

    @BeforeEach
    void start() throws IOException {
        Path scaleSets = dir.resolve("scale-sets.json");
        Files.writeString(scaleSets, "{\"scaleSets\":[{\"name\":\"byol\",\"licensing\":\"byol\",\"instances\":["
                + "{\"vmId\":\"" + A + "\",\"privateIp\":\"127.0.0.1\"},"
                + "{\"vmId\":\"" + B + "\",\"privateIp\":\"127.0.0.2\"}]}]}");
        AppSettings settings = LocalRunner.withLocalDefaults(AppSettings.of(Map.of(
                AppSettings.LOCAL_SCALE_SETS_FILE, scaleSets.toString(),
                AppSettings.HEALTH_MONITOR_SCHEDULE, "0 0 0 1 1 *",
                "BYOL_SCALING_GROUP_NAME", "byol",
                "VERIFY_CALLER_IP", "true")), 0);
        app = App.builder(settings).healthRecords(health).scaleSets(new LocalScaleSetsFile(scaleSets)).build();
        runner = LocalRunner.start(app, 0);
    }

    @AfterEach
    void stop() {
        runner.close();
    }

    private record Raw(int status, String body) {}

    /** One HTTP/1.1 exchange from the loopback address {@code from}. */
    private Raw send(String from, String method, Map<String, String> headers, String body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", runner.port()), 5_000);
            socket.setSoTimeout(10_000);
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder(method + " /api/fgt-as-handler HTTP/1.1\r\nHost: 127.0.0.1:"
                    + runner.port() + "\r\n");
            headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            request.append("Content-Length: ").append(payload.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            return new Raw(Integer.parseInt(text.substring(9, 12)), text.substring(text.indexOf("\r\n\r\n") + 4));
        }
    }

    private Raw heartbeat(String from, String vmId, Map<String, String> headers) throws IOException {
        return send(from, "POST", headers, "{\"instance\":\"" + vmId + "\",\"interval\":30}");
    }

    @Test
    void eachMemberIsServedFromItsOwnAddress() throws IOException {
        assertEquals(200, heartbeat("127.0.0.1", A, Map.of()).status());
        assertEquals(200, heartbeat("127.0.0.2", B, Map.of()).status());
        assertEquals(2, health.readAll().size());
    }

    @Test
    void aForgedVmIdFromAnotherMembersAddressIsRefused() throws IOException {
        Raw r = heartbeat("127.0.0.1", B, Map.of());

        assertEquals(403, r.status());
        assertTrue(r.body().contains("not a private IP of vmId " + B), r.body());
        assertTrue(health.read(VmId.of(B)).isEmpty(), "nothing written for B");
    }

    @Test
    void aForgedBootstrapFromANonMemberGetsOneCommentLine() throws IOException {
        Raw r = send("127.0.0.3", "GET", Map.of("Fos-instance-id", A), null);

        assertEquals(403, r.status());
        assertTrue(r.body().startsWith("# autoscale: "), r.body());
        assertEquals(1, r.body().lines().count());
    }

    @Test
    void aForgedForwardedForDoesNotHelp() throws IOException {
        // A writes B's address itself; the runner appends the real peer, as App Service's front end may
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("X-Forwarded-For", "127.0.0.2");

        assertEquals(403, heartbeat("127.0.0.1", B, forged).status());
        assertTrue(health.readAll().isEmpty());
    }
}
