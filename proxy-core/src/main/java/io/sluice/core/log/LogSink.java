package io.sluice.core.log;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a formatted line goes. {@link #write} runs on the log thread only and may block on I/O: that is the
 * point of the log thread, producers never wait for it.
 */
public interface LogSink extends AutoCloseable {
    /**
     * Writes one complete line (including its LF); runs on the log thread.
     *
     * @param level the record's severity, for sinks that map it (SLF4J)
     */
    void write(byte[] line, int off, int len, int level) throws IOException;

    /** Releases the sink; runs on the log thread when it stops. */
    @Override
    void close() throws IOException;

    /** The process's standard output ({@code log stdout}); never closed. */
    static LogSink stdout() {
        return new StreamSink(new FileOutputStream(FileDescriptor.out), false);
    }

    /** The process's standard error ({@code log stderr}); never closed. */
    static LogSink stderr() {
        return new StreamSink(new FileOutputStream(FileDescriptor.err), false);
    }

    /** A file opened for append, created if missing ({@code log <path>}); runs on the configuration thread. */
    static LogSink file(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new ChannelSink(ch, true);
    }

    /** Any blocking channel (a pipe, a socket); closed with the sink when {@code owned}. */
    static LogSink channel(WritableByteChannel ch, boolean owned) {
        return new ChannelSink(ch, owned);
    }

    /** SLF4J logger {@code name}; the line's LF is stripped and the level mapped to SLF4J's. */
    static LogSink slf4j(String name) {
        return new Slf4jSink(LoggerFactory.getLogger(name));
    }

    /** Writes to an {@link OutputStream}. */
    final class StreamSink implements LogSink {
        private final OutputStream out;
        private final boolean owned;

        StreamSink(OutputStream out, boolean owned) {
            this.out = out;
            this.owned = owned;
        }

        @Override
        public void write(byte[] line, int off, int len, int level) throws IOException {
            out.write(line, off, len);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (owned) {
                out.close();
            }
        }
    }

    /** Writes to a blocking {@link WritableByteChannel}. */
    final class ChannelSink implements LogSink {
        private final WritableByteChannel ch;
        private final boolean owned;

        ChannelSink(WritableByteChannel ch, boolean owned) {
            this.ch = ch;
            this.owned = owned;
        }

        @Override
        public void write(byte[] line, int off, int len, int level) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(line, off, len);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

        @Override
        public void close() throws IOException {
            if (owned) {
                ch.close();
            }
        }
    }

    /** Hands lines to SLF4J (logback in the shaded jar). */
    final class Slf4jSink implements LogSink {
        private final Logger logger;

        Slf4jSink(Logger logger) {
            this.logger = logger;
        }

        @Override
        public void write(byte[] line, int off, int len, int level) {
            int n = len;
            if (n > 0 && line[off + n - 1] == '\n') {
                n--;
            }
            String msg = new String(line, off, n, StandardCharsets.UTF_8);
            if (level <= LogLevel.ERR) {
                logger.error(msg);
            } else if (level == LogLevel.WARNING) {
                logger.warn(msg);
            } else if (level == LogLevel.DEBUG) {
                logger.debug(msg);
            } else {
                logger.info(msg);
            }
        }

        @Override
        public void close() {
            // SLF4J owns its appenders.
        }
    }
}
