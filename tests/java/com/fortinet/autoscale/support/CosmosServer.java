package com.fortinet.autoscale.support;

import com.fortinet.autoscale.adapter.cosmos.CosmosStore;
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

/**
 * The Cosmos DB SQL API server of the integration tests ({@code @vercel/cosmosdb-server}, pinned in
 * {@code tests/servers/cosmos/package.json}), started once per JVM on 127.0.0.1 and a free port.
 *
 * <p>On first use it runs {@code npm ci} in {@code tests/servers/cosmos} when {@code node_modules} is missing,
 * starts {@code server.js} (the package plus the fix-ups the tests rely on: 404 for a missing item, the
 * account metadata naming the endpoint the client called), waits until it answers, and stops it, with its
 * process tree, when the JVM exits. It also sets the Azure SDK's emulator switch that accepts the
 * server's self-signed certificate for loopback endpoints only; production code never sets it.
 */
public final class CosmosServer {
    /** Any base64 key: the server does not check request signatures. */
    public static final String KEY =
            "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static CosmosServer instance;

    private final Process process;
    private final int port;

    private CosmosServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The server of this JVM, started on first call. */
    public static synchronized CosmosServer get() {
        if (instance == null) {
            // Accept the test server's self-signed certificate (the SDK honours this for loopback hosts only).
            System.setProperty("COSMOS.EMULATOR_SERVER_CERTIFICATE_VALIDATION_DISABLED", "true");
            instance = start(serverDir());
        }
        return instance;
    }

    /** {@code https://127.0.0.1:<port>/}. */
    public String endpoint() {
        return "https://127.0.0.1:" + port + "/";
    }

    public int port() {
        return port;
    }

    /**
     * The product's store settings for this server: key authentication, the product's operation timeout,
     * a generous wait for the first connection (a busy test machine), and a cluster (partition) of its own.
     */
    public CosmosStore.Config config(String database) {
        return CosmosStore.Config.of(endpoint(), KEY, null, database)
                .withClusterId("test-" + UUID.randomUUID())
                .withTimeouts(CosmosStore.Config.of(endpoint(), KEY, null, database).operationTimeout(),
                        Duration.ofSeconds(30));
    }

    /** A store on this server with a cluster of its own: the empty state one test starts from. */
    public CosmosStore newStore(String database) {
        return CosmosStore.of(config(database));
    }

    /** The folder holding the server's package.json, under the project's base directory. */
    static Path serverDir() {
        String base = System.getProperty("project.basedir", System.getProperty("user.dir"));
        Path dir = Path.of(base, "tests", "servers", "cosmos");
        if (!Files.isRegularFile(dir.resolve("server.js"))) {
            throw new IllegalStateException("no Cosmos DB test server at " + dir);
        }
        return dir;
    }

    private static CosmosServer start(Path dir) {
        Path log = Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")), "target",
                "cosmos-server.log");
        try {
            Files.createDirectories(log.getParent());
            if (!Files.isDirectory(dir.resolve("node_modules").resolve("@vercel").resolve("cosmosdb-server"))) {
                npmCi(dir, log);
            }
            Process p = new ProcessBuilder("node", "server.js", "--host", "127.0.0.1", "--port", "0",
                    "--exit-with-stdin")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(p), "cosmos-server-stop"));
            int port = awaitReady(p, log);
            awaitAnswer(port);
            return new CosmosServer(p, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Cosmos DB test server (is node on the PATH?)", e);
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

    /** Reads the server's output until it prints {@code ready <port>}; then copies the rest to the log. */
    private static int awaitReady(Process p, Path log) {
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (!ready.isDone() && line.startsWith("ready ")) {
                        ready.complete(Integer.parseInt(line.substring("ready ".length()).trim()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("the Cosmos DB test server exited, see " + log));
        }, "cosmos-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            stop(p);
            throw new IllegalStateException("the Cosmos DB test server did not start within " + START_TIMEOUT + ", see " + log);
        } catch (ExecutionException e) {
            stop(p);
            throw new IllegalStateException("the Cosmos DB test server did not start, see " + log, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(p);
            throw new IllegalStateException("interrupted while starting the Cosmos DB test server", e);
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
                    throw new IllegalStateException("the Cosmos DB test server does not answer on port " + port);
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
        closeQuietly(p.getOutputStream());
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // the process is gone already
        }
    }
}
