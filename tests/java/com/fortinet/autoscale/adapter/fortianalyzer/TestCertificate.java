package com.fortinet.autoscale.adapter.fortianalyzer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for {@code 127.0.0.1}, generated at test time by the JDK's {@code keytool} (run as
 * a process), with its key in a PKCS12 keystore: what a fake FortiAnalyzer serves.
 */
public final class TestCertificate {
    private static final char[] PASSWORD = "test-only-keystore".toCharArray();

    private final Path keystore;
    private final String pem;
    private final X509Certificate certificate;

    private TestCertificate(Path keystore, String pem, X509Certificate certificate) {
        this.keystore = keystore;
        this.pem = pem;
        this.certificate = certificate;
    }

    /** Generates a key pair and a self-signed certificate with subject {@code CN=<cn>} and SAN ip:127.0.0.1. */
    public static TestCertificate generate(String cn) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("faz-cert");
        Path ks = dir.resolve("faz.p12");
        Path pemFile = dir.resolve("faz.pem");
        keytool("-genkeypair", "-alias", "faz", "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-dname", "CN=" + cn, "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        keytool("-exportcert", "-rfc", "-alias", "faz", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-file", pemFile.toString());
        String pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return new TestCertificate(ks, pem, cert);
        } catch (java.security.cert.CertificateException e) {
            throw new IOException("keytool wrote an unreadable certificate", e);
        }
    }

    /** The certificate as PEM (what {@code FAZ_CA_CERTIFICATE} takes). */
    public String pem() {
        return pem;
    }

    /** The SHA-256 fingerprint (what {@code FAZ_CERTIFICATE_SHA256} takes). */
    public String sha256() {
        return FazTls.fingerprint(certificate);
    }

    /** A server TLS context presenting this certificate. */
    public SSLContext serverContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("keytool did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }
}
