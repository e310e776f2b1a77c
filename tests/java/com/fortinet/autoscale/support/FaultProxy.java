package com.fortinet.autoscale.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of a test server, for fault tests: it passes bytes through, or plays a
 * server that is down (connections refused, open ones reset), or one that is slow mid-request (requests
 * reach the server, its answers are held back until {@link #pass()}). TLS passes through untouched.
 */
public final class FaultProxy implements AutoCloseable {
    private enum Mode { PASS, STALL_RESPONSES, DOWN }

    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile Mode mode = Mode.PASS;
    private volatile ServerSocket listener;
    private volatile boolean closed;
    private final int port;

    public FaultProxy(int targetPort) {
        this.targetPort = targetPort;
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        acceptLoop(listener);
    }

    public int port() {
        return port;
    }

    /** {@code https://127.0.0.1:<port>/}: the target's endpoint through this proxy. */
    public String endpoint() {
        return "https://127.0.0.1:" + port + "/";
    }

    /** Passes everything through again (and releases held answers); reopens the port if it was down. */
    public void pass() {
        synchronized (gate) {
            if (mode == Mode.DOWN) {
                listener = listen(port);
                acceptLoop(listener);
            }
            mode = Mode.PASS;
            gate.notifyAll();
        }
    }

    /** Requests still reach the server; its answers are held back until {@link #pass()}. */
    public void stallResponses() {
        synchronized (gate) {
            mode = Mode.STALL_RESPONSES;
        }
    }

    /** The server is gone: the port refuses connections and every open connection is reset. */
    public void down() {
        synchronized (gate) {
            mode = Mode.DOWN;
            closeQuietly(listener);
            open.forEach(FaultProxy::closeQuietly);
            open.clear();
            gate.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        down();
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    private void acceptLoop(ServerSocket s) {
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    client.setTcpNoDelay(true);
                    server.setTcpNoDelay(true);
                    open.add(client);
                    open.add(server);
                    pump(client, server, false);
                    pump(server, client, true);
                } catch (IOException e) {
                    // listener closed (down) or the target refused: the client sees a reset
                }
            }
        }, "fault-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to, boolean response) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (response) {
                        awaitAnswersAllowed();
                    }
                    if (mode == Mode.DOWN) {
                        break;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // a side closed: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, response ? "fault-proxy-answers" : "fault-proxy-requests");
        t.setDaemon(true);
        t.start();
    }

    private void awaitAnswersAllowed() throws InterruptedException {
        synchronized (gate) {
            while (mode == Mode.STALL_RESPONSES && !closed) {
                gate.wait();
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // already closed
        }
    }
}
