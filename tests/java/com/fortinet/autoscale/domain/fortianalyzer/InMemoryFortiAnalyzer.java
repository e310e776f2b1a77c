package com.fortinet.autoscale.domain.fortianalyzer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A FortiAnalyzer in memory for the domain's tests: a device list, sessions counted, authorize calls
 * recorded, and an optional gate that holds every session until a test opens it (a slow FortiAnalyzer).
 */
final class InMemoryFortiAnalyzer implements FortiAnalyzer {
    private final Map<String, FazDevice> devices = new LinkedHashMap<>();
    private final List<List<String>> authorizeCalls = new ArrayList<>();
    private int sessions;
    private int openSessions;
    private RuntimeException failure;
    private CountDownLatch gate;
    private final CountDownLatch sessionStarted = new CountDownLatch(1);

    synchronized InMemoryFortiAnalyzer add(FazDevice d) {
        devices.put(d.name(), d);
        return this;
    }

    synchronized InMemoryFortiAnalyzer unauthorized(String name, String sn, String ip) {
        return add(new FazDevice(name, name, sn, ip, false));
    }

    synchronized InMemoryFortiAnalyzer authorizedDevice(String name, String sn, String ip) {
        return add(new FazDevice(name, name, sn, ip, true));
    }

    synchronized void failWith(RuntimeException e) {
        this.failure = e;
    }

    /** Sessions wait at their start until {@link #open} (at most 30 s). */
    synchronized void hold() {
        gate = new CountDownLatch(1);
    }

    void open() {
        CountDownLatch g;
        synchronized (this) {
            g = gate;
            gate = null;
        }
        if (g != null) {
            g.countDown();
        }
    }

    boolean awaitSessionStart(long millis) throws InterruptedException {
        return sessionStarted.await(millis, TimeUnit.MILLISECONDS);
    }

    synchronized int sessions() {
        return sessions;
    }

    synchronized int openSessions() {
        return openSessions;
    }

    synchronized List<List<String>> authorizeCalls() {
        return List.copyOf(authorizeCalls);
    }

    synchronized boolean isAuthorized(String name) {
        FazDevice d = devices.get(name);
        return d != null && d.authorized();
    }

    @Override
    public <T> T inSession(Function<Session, T> work) {
        CountDownLatch g;
        synchronized (this) {
            sessions++;
            openSessions++;
            g = gate;
        }
        sessionStarted.countDown();
        try {
            if (g != null && !g.await(30, TimeUnit.SECONDS)) {
                throw new FortiAnalyzerUnavailableException(FortiAnalyzerUnavailableException.Kind.TIMEOUT, "held", null);
            }
            synchronized (this) {
                if (failure != null) {
                    throw failure;
                }
            }
            return work.apply(new Session() {
                @Override
                public List<FazDevice> devices() {
                    synchronized (InMemoryFortiAnalyzer.this) {
                        return List.copyOf(devices.values());
                    }
                }

                @Override
                public void authorize(List<FazDevice> list) {
                    synchronized (InMemoryFortiAnalyzer.this) {
                        authorizeCalls.add(list.stream().map(FazDevice::name).toList());
                        for (FazDevice d : list) {
                            devices.put(d.name(), new FazDevice(d.name(), d.hostname(), d.serialNumber(), d.ip(), true));
                        }
                    }
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FortiAnalyzerUnavailableException(FortiAnalyzerUnavailableException.Kind.TIMEOUT, "interrupted", e);
        } finally {
            synchronized (this) {
                openSessions--;
            }
        }
    }
}
