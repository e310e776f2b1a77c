package com.fortinet.autoscale.adapter.fortianalyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.domain.fortianalyzer.FazDevice;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzerRejectedException;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzerUnavailableException;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzerUnavailableException.Kind;
import com.fortinet.autoscale.domain.fortianalyzer.FortiAnalyzer;
import com.google.gson.JsonObject;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JSON-RPC client against a fake FortiAnalyzer over real HTTPS. */
class JsonRpcFortiAnalyzerIT {
    private static final String VM_A = "aaaaaaaa-0000-4000-8000-000000000001";
    private static final String VM_B = "bbbbbbbb-0000-4000-8000-000000000002";

    private static TestCertificate certificate;
    private static TestCertificate otherCertificate;
    private FakeFortiAnalyzer faz;

    @BeforeAll
    static void certificates() throws Exception {
        certificate = TestCertificate.generate("fake-faz");
        otherCertificate = TestCertificate.generate("someone-else");
    }

    @BeforeEach
    void startFake() throws Exception {
        faz = FakeFortiAnalyzer.start(certificate);
        faz.unauthorized(VM_A, "FGVM01TM00000001", "10.0.1.4");
        faz.device(VM_B, VM_B, "FGVM01TM00000002", "10.0.1.5", true);
    }

    @AfterEach
    void stopFake() {
        faz.close();
    }

    private JsonRpcFortiAnalyzer client(FazTls tls) {
        return client(tls, Duration.ofSeconds(10));
    }

    private JsonRpcFortiAnalyzer client(FazTls tls, Duration requestTimeout) {
        return new JsonRpcFortiAnalyzer(JsonRpcFortiAnalyzer.Config.of(faz.url(), FakeFortiAnalyzer.USER,
                        FakeFortiAnalyzer.PASSWORD, tls)
                .withTimeouts(Duration.ofSeconds(5), requestTimeout)
                .withTaskWatch(Duration.ofSeconds(5), Duration.ofMillis(5)));
    }

    private JsonRpcFortiAnalyzer pinnedClient() {
        return client(FazTls.pinned(certificate.sha256()));
    }

    @Test
    void aSessionListsTheDevicesWithTheirAuthorizationStateAndLogsOut() {
        List<FazDevice> devices = pinnedClient().inSession(FortiAnalyzer.Session::devices);

        assertEquals(List.of(
                new FazDevice(VM_A, VM_A, "FGVM01TM00000001", "10.0.1.4", false),
                new FazDevice(VM_B, VM_B, "FGVM01TM00000002", "10.0.1.5", true)), devices);
        assertEquals(1, faz.logins());
        assertEquals(1, faz.logouts());
        assertEquals(0, faz.openSessions());
        assertEquals(List.of("/sys/login/user", "/dvmdb/device", "/sys/logout"), faz.calls());
    }

    @Test
    void authorizingPromotesTheDevicesInRootAndKeepsTheSessionUntilTheTaskEnds() {
        faz.taskProgress(10, 60);

        pinnedClient().inSession(s -> {
            s.authorize(List.of(new FazDevice(VM_A, VM_A, "FGVM01TM00000001", "10.0.1.4", false)));
            return null;
        });

        assertEquals(List.of(VM_A), faz.authorized());
        JsonObject sent = faz.authorizeRequests().get(0);
        assertEquals("root", sent.get("adom").getAsString());
        assertEquals("[\"create_task\",\"nonblocking\"]", sent.get("flags").toString());
        JsonObject entry = sent.getAsJsonArray("add-dev-list").get(0).getAsJsonObject();
        assertEquals("promote_unreg", entry.get("device action").getAsString());
        assertEquals("FGVM01TM00000001", entry.get("sn").getAsString());
        assertEquals(List.of("/sys/login/user", "/dvm/cmd/add/dev-list", "/task/task/100", "/task/task/100",
                "/task/task/100", "/sys/logout"), faz.calls());
    }

    @Test
    void aTaskThatEndsWithErrorsFailsTheCallAndStillLogsOut() {
        faz.taskErrors(1);

        FortiAnalyzerRejectedException e = assertThrows(FortiAnalyzerRejectedException.class, () ->
                pinnedClient().inSession(s -> {
                    s.authorize(List.of(new FazDevice(VM_A, VM_A, "FGVM01TM00000001", "10.0.1.4", false)));
                    return null;
                }));

        assertEquals("/task/task/100", e.url());
        assertEquals(1, faz.logouts());
    }

    @Test
    void aNonZeroStatusFailsWithTheFortiAnalyzersMessageAndStillLogsOut() {
        faz.failNext("/dvmdb/device", -10, "The data is invalid for selected url");

        FortiAnalyzerRejectedException e = assertThrows(FortiAnalyzerRejectedException.class, () ->
                pinnedClient().inSession(FortiAnalyzer.Session::devices));

        assertEquals(-10, e.code());
        assertEquals("/dvmdb/device", e.url());
        assertTrue(e.getMessage().contains("The data is invalid for selected url"), e.getMessage());
        assertEquals(1, faz.logouts());
        assertEquals(0, faz.openSessions());
    }

    @Test
    void wrongCredentialsFailTheLoginWithoutAnySessionAndNeverShowThePassword() {
        JsonRpcFortiAnalyzer wrong = new JsonRpcFortiAnalyzer(JsonRpcFortiAnalyzer.Config.of(faz.url(),
                FakeFortiAnalyzer.USER, "not-the-password", FazTls.pinned(certificate.sha256())));

        FortiAnalyzerRejectedException e = assertThrows(FortiAnalyzerRejectedException.class, () ->
                wrong.inSession(FortiAnalyzer.Session::devices));

        assertEquals("/sys/login/user", e.url());
        assertEquals(-22, e.code());
        assertFalse(e.getMessage().contains("not-the-password"));
        assertEquals(List.of("/sys/login/user"), faz.calls());
    }

    @Test
    void anExpiredSessionIsReplacedByOneNewLogin() {
        List<FazDevice> second = pinnedClient().inSession(s -> {
            s.devices();
            faz.expireSessions();
            return s.devices();
        });

        assertEquals(2, second.size());
        assertEquals(2, faz.logins());
        assertEquals(1, faz.logouts());
        assertEquals(List.of("/sys/login/user", "/dvmdb/device", "/dvmdb/device", "/sys/login/user",
                "/dvmdb/device", "/sys/logout"), faz.calls());
    }

    @Test
    void aSessionThatKeepsBeingRefusedLogsInAgainOnlyOnce() {
        faz.refuseAllSessions();

        FortiAnalyzerRejectedException e = assertThrows(FortiAnalyzerRejectedException.class, () ->
                pinnedClient().inSession(FortiAnalyzer.Session::devices));

        assertEquals(-11, e.code());
        assertEquals(2, faz.logins());
        assertEquals(2, faz.count("/dvmdb/device"));
    }

    @Test
    void aFortiAnalyzerThatHangsTimesOutWithinTheBoundAndTheSessionIsStillClosed() {
        faz.hang("/dvmdb/device");
        JsonRpcFortiAnalyzer client = client(FazTls.pinned(certificate.sha256()), Duration.ofSeconds(1));

        long started = System.nanoTime();
        FortiAnalyzerUnavailableException e = assertThrows(FortiAnalyzerUnavailableException.class, () ->
                client.inSession(FortiAnalyzer.Session::devices));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(Kind.TIMEOUT, e.kind());
        assertTrue(took.compareTo(Duration.ofSeconds(1)) >= 0, "took " + took);
        assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "took " + took);
        assertEquals(1, faz.logouts());
    }

    @Test
    void aFortiAnalyzerThatIsDownIsReportedAsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        JsonRpcFortiAnalyzer client = new JsonRpcFortiAnalyzer(JsonRpcFortiAnalyzer.Config.of(
                "https://127.0.0.1:" + closedPort, "u", "p", FazTls.system()));

        FortiAnalyzerUnavailableException e = assertThrows(FortiAnalyzerUnavailableException.class, () ->
                client.inSession(FortiAnalyzer.Session::devices));

        assertEquals(Kind.UNREACHABLE, e.kind());
    }

    @Test
    void anHttpErrorFromTheFortiAnalyzerIsReportedAsUnreachable() {
        faz.httpStatus(503);

        FortiAnalyzerUnavailableException e = assertThrows(FortiAnalyzerUnavailableException.class, () ->
                pinnedClient().inSession(FortiAnalyzer.Session::devices));

        assertEquals(Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
    }

    @Test
    void anUnknownCertificateFailsVerificationBeforeAnyCredentialIsSent() {
        FortiAnalyzerUnavailableException e = assertThrows(FortiAnalyzerUnavailableException.class, () ->
                client(FazTls.system()).inSession(FortiAnalyzer.Session::devices));

        assertEquals(Kind.TLS, e.kind());
        assertEquals(List.of(), faz.calls());
    }

    @Test
    void theFortiAnalyzersCaCertificateMakesVerificationSucceed() {
        List<FazDevice> devices = client(FazTls.trustingCa(certificate.pem())).inSession(FortiAnalyzer.Session::devices);

        assertEquals(2, devices.size());
    }

    @Test
    void aCaInOneLineWithEscapedLineBreaksIsAccepted() {
        String oneLine = certificate.pem().strip().replace("\r\n", "\n").replace("\n", "\\n");

        List<FazDevice> devices = client(FazTls.from(oneLine, null, false)).inSession(FortiAnalyzer.Session::devices);

        assertEquals(2, devices.size());
    }

    @Test
    void anotherCaDoesNotVerifyTheFortiAnalyzer() {
        FortiAnalyzerUnavailableException e = assertThrows(FortiAnalyzerUnavailableException.class, () ->
                client(FazTls.trustingCa(otherCertificate.pem())).inSession(FortiAnalyzer.Session::devices));

        assertEquals(Kind.TLS, e.kind());
        assertEquals(0, faz.logins());
    }

    @Test
    void theCertificateFingerprintMakesVerificationSucceedWithColonsOrWithout() {
        String colons = certificate.sha256().toUpperCase().replaceAll("(..)(?!$)", "$1:");

        assertEquals(2, client(FazTls.pinned(colons)).inSession(FortiAnalyzer.Session::devices).size());
        assertEquals(2, client(FazTls.pinned(certificate.sha256())).inSession(FortiAnalyzer.Session::devices).size());
    }

    @Test
    void anotherFingerprintFailsVerification() {
        FortiAnalyzerUnavailableException e = assertThrows(FortiAnalyzerUnavailableException.class, () ->
                client(FazTls.pinned(otherCertificate.sha256())).inSession(FortiAnalyzer.Session::devices));

        assertEquals(Kind.TLS, e.kind());
        assertEquals(0, faz.logins());
    }

    @Test
    void theInsecureSwitchConnectsAndIsAnnouncedLoudly() {
        List<LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(FazTls.class.getName());
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(h);
        try {
            FazTls tls = FazTls.from(null, null, true);

            assertEquals(2, client(tls).inSession(FortiAnalyzer.Session::devices).size());
            assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.SEVERE
                    && r.getMessage().contains("FAZ_TLS_INSECURE")), "no loud warning");
        } finally {
            logger.removeHandler(h);
        }
    }

    @Test
    void conflictingTlsSettingsAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                FazTls.from(certificate.pem(), certificate.sha256(), false));

        assertTrue(e.getMessage().contains("FAZ_CA_CERTIFICATE"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FazTls.pinned("abc"));
        assertThrows(IllegalArgumentException.class, () -> FazTls.trustingCa("not a certificate"));
    }

    @Test
    void onlyAnHttpsUrlIsAccepted() {
        assertThrows(IllegalArgumentException.class, () ->
                JsonRpcFortiAnalyzer.Config.of("http://10.0.3.4", "u", "p", FazTls.system()));
        assertEquals("https://10.0.3.4/jsonrpc",
                JsonRpcFortiAnalyzer.Config.of("https://10.0.3.4/", "u", "p", FazTls.system()).endpoint().toString());
        assertFalse(JsonRpcFortiAnalyzer.Config.of("https://10.0.3.4", "u", "secret-pw", FazTls.system())
                .toString().contains("secret-pw"));
    }
}
