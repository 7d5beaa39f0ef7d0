package io.peapod.registry;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Closes a response body that brings no byte for {@code timeout}, so a connection that went
 * silent fails the read (and is retried) instead of hanging the command: the JDK client's request
 * timeout covers only the wait for the headers.
 */
final class IdleWatchdog implements AutoCloseable {
    private final InputStream body;
    private final long timeoutNanos;
    private final Thread thread;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean fired;

    IdleWatchdog(InputStream body, Duration timeout) {
        this.body = body;
        this.timeoutNanos = timeout.toNanos();
        long tick = Math.max(10, Math.min(1000, timeout.toMillis() / 4));
        this.thread = Thread.ofPlatform().daemon().name("peapod-registry-watchdog").unstarted(() -> watch(tick));
        thread.start();
    }

    private void watch(long tickMillis) {
        try {
            while (true) {
                Thread.sleep(tickMillis);
                if (System.nanoTime() - lastProgress > timeoutNanos) {
                    fired = true;
                    body.close();
                    return;
                }
            }
        } catch (InterruptedException | IOException e) {
            // closed normally, or the body is already gone
        }
    }

    void progress() {
        lastProgress = System.nanoTime();
    }

    /** Whether the body was closed for silence. */
    boolean fired() {
        return fired;
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
