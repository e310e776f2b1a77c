package com.fortinet.autoscale.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged local runner ({@code target/fortigate-autoscale-local.jar}) as a process of its own, for fault
 * tests: started with exactly the environment given (nothing inherited but {@code PATH} and {@code HOME}) on a
 * free port, paused ({@code SIGSTOP}) and resumed ({@code SIGCONT}), killed ({@code SIGKILL}) and started again
 * with the same environment. Every output line of every incarnation is appended to one log file and handed to
 * a listener (which sees the notifications' log lines).
 */
public final class RunnerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/api)/");
    /** A runner starting its Cosmos DB client on a busy 2-core machine may take a while. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Path workDir;
    private final Map<String, String> env;
    private final Path log;
    private final Consumer<String> lines;
    private volatile Process process;
    private volatile String base;
    private volatile boolean paused;
    private final Thread stopOnExit = new Thread(this::close, "runner-stop");

    /**
     * @param name  names its threads and output lines' origin
     * @param env   the runner's whole environment (app settings), {@code PORT} is set to 0
     * @param log   where every output line goes (appended)
     * @param lines sees every output line, from the runner's reader thread
     */
    public RunnerProcess(String name, Path workDir, Map<String, String> env, Path log, Consumer<String> lines) {
        this.name = name;
        this.workDir = workDir;
        this.env = Map.copyOf(env);
        this.log = log;
        this.lines = lines;
        // a test that dies leaves no runner behind
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    public String name() {
        return name;
    }

    /** {@code http://127.0.0.1:<port>/api} of the current incarnation. */
    public String base() {
        return base;
    }

    public boolean isPaused() {
        return paused;
    }

    /** Starts the runner and waits until it says where it listens. */
    public RunnerProcess start() {
        Path jar = Path.of(System.getProperty("local.jar", "target/fortigate-autoscale-local.jar")).toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Light on a 2-core machine: no C2 compilations, one GC thread.
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-DCOSMOS.EMULATOR_SERVER_CERTIFICATE_VALIDATION_DISABLED=true", "-jar", jar.toString())
                .directory(workDir.toFile()).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        String path = e.get("PATH");
        String home = e.get("HOME");
        e.clear();
        e.put("PATH", path == null ? "/usr/bin:/bin" : path);
        e.put("HOME", home == null ? workDir.toString() : home);
        e.putAll(env);
        e.put("PORT", "0");
        try {
            Files.createDirectories(log.getParent());
            Process p = pb.start();
            process = p;
            paused = false;
            base = awaitListening(p);
            return this;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot start runner " + name, ex);
        }
    }

    /** {@code SIGSTOP}: the process keeps its sockets, answers nothing, runs no timer. */
    public void pause() {
        signal("STOP");
        paused = true;
    }

    /** {@code SIGCONT}: it carries on where it stopped, with what it had in memory. */
    public void resume() {
        signal("CONT");
        paused = false;
    }

    /** {@code SIGKILL}: no shutdown hook, no goodbye; requests in flight are cut. */
    public void kill() {
        Process p = process;
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops it (resumed first if paused, so that it can stop). */
    @Override
    public void close() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        if (paused) {
            resume();
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot signal runner " + name, ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling runner " + name, ex);
        }
    }

    private String awaitListening(Process p) {
        CompletableFuture<String> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write(("---- " + name + " pid " + p.pid() + "\n").getBytes(StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null) {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Matcher m = LISTENING.matcher(line);
                    if (!listening.isDone() && m.find()) {
                        listening.complete(m.group(1));
                    }
                    lines.accept(line);
                }
            } catch (IOException | RuntimeException ex) {
                listening.completeExceptionally(ex);
            }
            listening.completeExceptionally(new IllegalStateException("runner " + name + " exited, see " + log));
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException ex) {
            p.destroyForcibly();
            throw new IllegalStateException("runner " + name + " did not start, see " + log, ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while starting runner " + name, ex);
        }
    }
}
