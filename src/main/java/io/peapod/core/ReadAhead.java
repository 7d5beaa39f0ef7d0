package io.peapod.core;

import io.peapod.image.BytePipe;

import java.io.FilterInputStream;
import java.io.InputStream;

/**
 * A stream read on a thread of its own, a few chunks ahead of its reader: a layer is inflated (and its
 * compressed bytes hashed) on one core while the unpacker creates its files on the other, as podman's
 * pgzip reader does. The reader must read to the end before it touches what lies below the stream
 * again; closing earlier stops the thread at its next chunk.
 */
final class ReadAhead {
    private ReadAhead() {}

    static InputStream start(InputStream in, String threadName) {
        BytePipe pipe = new BytePipe();
        Thread.ofPlatform().daemon().name(threadName).start(() -> {
            try {
                in.transferTo(pipe.sink);
                pipe.sink.close();
            } catch (BytePipe.Abandoned gone) {
                // the reader stopped early: nothing more to do
            } catch (Throwable e) {
                pipe.fail(e);
            }
        });
        return new FilterInputStream(pipe.source) {
            @Override
            public void close() {
                pipe.abandon();
            }
        };
    }
}
