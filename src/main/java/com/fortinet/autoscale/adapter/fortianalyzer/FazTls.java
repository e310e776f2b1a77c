package com.fortinet.autoscale.adapter.fortianalyzer;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How the FortiAnalyzer's certificate is verified. TLS is always verified unless an operator explicitly
 * switches it off:
 * <ul>
 *   <li>{@link Mode#SYSTEM} (default): the JDK's trusted CAs and the host name or IP of the API URL;</li>
 *   <li>{@link Mode#CA}: only the given CA certificates (PEM; a self-signed FortiAnalyzer certificate is its own
 *       CA), and the host name or IP of the API URL must be in the certificate;</li>
 *   <li>{@link Mode#FINGERPRINT}: exactly the certificate with that SHA-256 fingerprint; the name in it is not
 *       checked (the pin is the identity), so this suits the FortiAnalyzer's factory certificate, which names
 *       its serial number rather than its IP;</li>
 *   <li>{@link Mode#INSECURE}: anything; logged loudly when built, for a lab only.</li>
 * </ul>
 */
public final class FazTls {
    private static final Logger LOG = Logger.getLogger(FazTls.class.getName());

    /** The kinds of verification. */
    public enum Mode { SYSTEM, CA, FINGERPRINT, INSECURE }

    private final Mode mode;
    private final SSLContext context;

    private FazTls(Mode mode, SSLContext context) {
        this.mode = mode;
        this.context = context;
    }

    /**
     * The verification the app settings ask for; at most one of the three may be set.
     *
     * @param caPem       {@code FAZ_CA_CERTIFICATE}, or null
     * @param sha256      {@code FAZ_CERTIFICATE_SHA256}, or null
     * @param insecure    {@code FAZ_TLS_INSECURE}
     * @throws IllegalArgumentException naming the app setting that is wrong
     */
    public static FazTls from(String caPem, String sha256, boolean insecure) {
        boolean ca = caPem != null && !caPem.isBlank();
        boolean pin = sha256 != null && !sha256.isBlank();
        if ((ca ? 1 : 0) + (pin ? 1 : 0) + (insecure ? 1 : 0) > 1) {
            throw new IllegalArgumentException(
                    "set only one of FAZ_CA_CERTIFICATE, FAZ_CERTIFICATE_SHA256 and FAZ_TLS_INSECURE");
        }
        if (ca) {
            return trustingCa(caPem);
        }
        if (pin) {
            return pinned(sha256);
        }
        return insecure ? insecure() : system();
    }

    /** The JDK's trusted CAs. */
    public static FazTls system() {
        try {
            return new FazTls(Mode.SYSTEM, SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }

    /**
     * Only these CA certificates (PEM, one or more; literal {@code \n} sequences, as a one-line app setting
     * holds them, are read as line breaks).
     */
    public static FazTls trustingCa(String pem) {
        String text = pem.replace("\\n", "\n").strip();
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("FAZ_CA_CERTIFICATE holds no PEM certificate");
            }
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                anchors.setCertificateEntry("faz-ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            return new FazTls(Mode.CA, context(tmf.getTrustManagers()));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("FAZ_CA_CERTIFICATE is not a PEM certificate");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the FortiAnalyzer trust store", e);
        }
    }

    /** Exactly the certificate with this SHA-256 fingerprint (hex, colons and case ignored). */
    public static FazTls pinned(String sha256) {
        String hex = sha256.replace(":", "").replaceAll("\\s", "").toLowerCase(Locale.ROOT);
        byte[] pin;
        try {
            pin = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            pin = new byte[0];
        }
        if (pin.length != 32) {
            throw new IllegalArgumentException("FAZ_CERTIFICATE_SHA256 must be a SHA-256 fingerprint (64 hex digits)");
        }
        return new FazTls(Mode.FINGERPRINT, context(new TrustManager[] {new PinnedTrustManager(pin)}));
    }

    /** No verification at all: a lab switch, announced loudly. */
    public static FazTls insecure() {
        LOG.severe("!!! FAZ_TLS_INSECURE is true: the FortiAnalyzer's certificate is NOT verified. Anyone on the"
                + " network path can read the FortiAnalyzer credentials. Set FAZ_CA_CERTIFICATE or"
                + " FAZ_CERTIFICATE_SHA256 instead. !!!");
        return new FazTls(Mode.INSECURE, context(new TrustManager[] {new PinnedTrustManager(null)}));
    }

    public Mode mode() {
        return mode;
    }

    SSLContext sslContext() {
        return context;
    }

    /** The SHA-256 fingerprint of a certificate, lower-case hex: what {@code FAZ_CERTIFICATE_SHA256} holds. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(sha256(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode the certificate", e);
        }
    }

    private static SSLContext context(TrustManager[] trustManagers) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trustManagers, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * Trusts the server certificate whose SHA-256 is the pin (or any, when the pin is null). Extends the
     * extended trust manager so the JDK does not add its host name check: the pin identifies the server.
     */
    private static final class PinnedTrustManager extends X509ExtendedTrustManager {
        private final byte[] pin;

        PinnedTrustManager(byte[] pin) {
            this.pin = pin;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (pin == null) {
                return;
            }
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the FortiAnalyzer sent no certificate");
            }
            if (!MessageDigest.isEqual(pin, sha256(chain[0].getEncoded()))) {
                throw new CertificateException("the FortiAnalyzer's certificate does not match FAZ_CERTIFICATE_SHA256");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
