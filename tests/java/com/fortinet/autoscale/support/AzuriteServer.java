package com.fortinet.autoscale.support;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.core.util.BinaryData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azurite's blob service for the integration tests (npm {@code azurite}, pinned in
 * {@code tests/servers/azurite/package.json}), started once per JVM.
 *
 * <p>On first use it runs {@code npm ci} in {@code tests/servers/azurite} when {@code node_modules} is
 * missing, then starts the blob service alone on 127.0.0.1 with a port the OS picks (read back from
 * Azurite's start-up line), in memory, without telemetry (which would keep it from exiting on SIGTERM).
 * It waits until the port answers and stops the process tree when the JVM exits; {@code start.js} also stops
 * Azurite when its stdin closes, so not even a killed JVM leaves it running.
 */
public final class AzuriteServer {
    /** Azurite's well-known development account. */
    public static final String ACCOUNT = "devstoreaccount1";
    /** The development account's well-known key (public, documented by Microsoft for the emulator). */
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("successfully listens on https?://[^:/]+:(\\d+)");
    private static AzuriteServer instance;

    private final Process process;
    private final int port;
    private volatile BlobServiceClient client;

    private AzuriteServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The server of this JVM, started on first call. */
    public static synchronized AzuriteServer get() {
        if (instance == null) {
            instance = start(serverDir());
        }
        return instance;
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** A connection string for the development account, as {@code ASSET_STORAGE_CONNECTION_STRING} takes it. */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY
                + ";BlobEndpoint=http://127.0.0.1:" + port + "/" + ACCOUNT + ";";
    }

    /** A client for test set-up (uploads, deletes), separate from the one the code under test builds. */
    public BlobServiceClient client() {
        BlobServiceClient c = client;
        if (c == null) {
            c = new BlobServiceClientBuilder().connectionString(connectionString()).buildClient();
            client = c;
        }
        return c;
    }

    /** A new, empty container with a unique name (tests share the server, never a container). */
    public BlobContainerClient newContainer(String stem) {
        String name = (stem + "-" + UUID.randomUUID().toString().replace("-", "")).substring(0, Math.min(63,
                stem.length() + 33));
        BlobContainerClient c = client().getBlobContainerClient(name);
        c.create();
        return c;
    }

    /** Uploads (or overwrites) a text blob. */
    public static void upload(BlobContainerClient container, String blob, String content) {
        container.getBlobClient(blob).upload(BinaryData.fromString(content), true);
    }

    /** The folder holding Azurite's package.json, under the project's base directory. */
    static Path serverDir() {
        String base = System.getProperty("project.basedir", System.getProperty("user.dir"));
        Path dir = Path.of(base, "tests", "servers", "azurite");
        if (!Files.isRegularFile(dir.resolve("package-lock.json"))) {
            throw new IllegalStateException("no Azurite package at " + dir);
        }
        return dir;
    }

    private static AzuriteServer start(Path dir) {
        Path log = Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")), "target",
                "azurite.log");
        try {
            Files.createDirectories(log.getParent());
            if (!Files.isDirectory(dir.resolve("node_modules").resolve("azurite"))) {
                npmCi(dir, log);
            }
            // Azurite 3.35.0 knows the API version of azure-storage-blob 12.32.0; skipping the check keeps a
            // later SDK from the BOM working with it (the adapters use only long-standing operations).
            Process p = new ProcessBuilder("node", "start.js",
                    "--blobHost", "127.0.0.1", "--blobPort", "0",
                    "--inMemoryPersistence", "--extentMemoryLimit", "256",
                    "--disableTelemetry", "--skipApiVersionCheck", "--silent")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(p), "azurite-stop"));
            int port = awaitListening(p, log);
            awaitAnswer(port);
            return new AzuriteServer(p, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Azurite (are node and npm on the PATH?)", e);
        }
    }

    private static void npmCi(Path dir, Path log) throws IOException {
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (!npm.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                stop(npm);
                throw new IllegalStateException("npm ci in " + dir + " took longer than " + INSTALL_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(npm);
            throw new IllegalStateException("interrupted during npm ci", e);
        }
        if (npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci in " + dir + " failed (exit " + npm.exitValue() + "), see " + log);
        }
    }

    /** Reads Azurite's output until it names the port it listens on; copies all of it to the log. */
    private static int awaitListening(Process p, Path log) {
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Matcher m = LISTENING.matcher(line);
                    if (!listening.isDone() && m.find()) {
                        listening.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException | RuntimeException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IllegalStateException("Azurite exited, see " + log));
        }, "azurite-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            stop(p);
            throw new IllegalStateException("Azurite did not start within " + START_TIMEOUT + ", see " + log);
        } catch (ExecutionException e) {
            stop(p);
            throw new IllegalStateException("Azurite did not start, see " + log, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(p);
            throw new IllegalStateException("interrupted while starting Azurite", e);
        }
    }

    /** Waits (bounded) until the port accepts connections. */
    private static void awaitAnswer(int port) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Azurite does not answer on port " + port);
                }
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
    }

    /** Stops the process and everything it started: politely first, then by force. */
    private static void stop(Process p) {
        List<ProcessHandle> tree = p.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // the process is gone already
        }
    }
}
