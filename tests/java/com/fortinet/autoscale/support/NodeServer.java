package com.fortinet.autoscale.support;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Node.js server of the integration tests, run from a pinned package under {@code tests/servers/<folder>}
 * on 127.0.0.1 and a port the server picks: what {@link CosmosServer} and {@link AzuriteServer} share.
 *
 * <p>{@link #start} runs {@code npm ci} in the package folder when the package is not installed, starts the
 * command there, reads its output until a line names the port (copying all output to {@code target/test-logs/<id>.log}, never to the build's console),
 * waits until the port accepts connections, and registers a shutdown hook that stops the process tree:
 * politely first, then by force.
 */
final class NodeServer {
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    private final Process process;
    private final int port;

    private NodeServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * How to start one server.
     *
     * @param name what messages call it ("Azurite")
     * @param id names its log ({@code target/test-logs/<id>.log}) and its threads
     * @param dir the package folder, see {@link #packageDir}
     * @param npmPackage the package {@code npm ci} installs: its folder under {@code node_modules} tells
     *     whether the install is needed
     * @param portLine matches the output line that says the server listens; group 1 is the port
     * @param startTimeout how long it may take to say so, and again to answer on the port
     * @param command the command line, run in {@code dir}
     */
    record Launch(String name, String id, Path dir, String npmPackage, Pattern portLine, Duration startTimeout,
                  List<String> command) {
    }

    /** The package folder {@code tests/servers/<folder>} under the project's base directory, holding {@code file}. */
    static Path packageDir(String folder, String file) {
        Path dir = baseDir().resolve(Path.of("tests", "servers", folder));
        if (!Files.isRegularFile(dir.resolve(file))) {
            throw new IllegalStateException("no " + file + " of the " + folder + " test server at " + dir);
        }
        return dir;
    }

    /** Starts the server and waits until it answers; the JVM's exit stops it. */
    static NodeServer start(Launch launch) {
        Path log = baseDir().resolve(Path.of("target", "test-logs", launch.id() + ".log"));
        try {
            Files.createDirectories(log.getParent());
            if (!Files.isDirectory(launch.dir().resolve("node_modules").resolve(launch.npmPackage()))) {
                npmCi(launch.dir(), log);
            }
            Process p = new ProcessBuilder(launch.command())
                    .directory(launch.dir().toFile())
                    .redirectErrorStream(true)
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(p), launch.id() + "-stop"));
            int port = awaitPortLine(launch, p, log);
            awaitAnswer(launch, port);
            return new NodeServer(p, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + launch.name() + " (are node and npm on the PATH?)", e);
        }
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private static Path baseDir() {
        return Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")));
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

    /** Reads the output until a line names the port; copies all of it to the log, also after that line. */
    private static int awaitPortLine(Launch launch, Process p, Path log) {
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Matcher m = launch.portLine().matcher(line);
                    if (!listening.isDone() && m.find()) {
                        listening.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException | RuntimeException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IllegalStateException(launch.name() + " exited, see " + log));
        }, launch.id() + "-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return listening.get(launch.startTimeout().toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            stop(p);
            throw new IllegalStateException(launch.name() + " did not start within " + launch.startTimeout()
                    + ", see " + log);
        } catch (ExecutionException e) {
            stop(p);
            throw new IllegalStateException(launch.name() + " did not start, see " + log, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(p);
            throw new IllegalStateException("interrupted while starting " + launch.name(), e);
        }
    }

    /** Waits (bounded) until the port accepts connections. */
    private static void awaitAnswer(Launch launch, int port) {
        Instant deadline = Instant.now().plus(launch.startTimeout());
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(launch.name() + " does not answer on port " + port);
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
            // Closing stdin also ends servers that stop when their stdin ends.
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // the process is gone already
        }
    }
}
