package io.sluice.core.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.sluice.core.log.LineBuffer;
import io.sluice.core.log.LogLevel;

/**
 * One stats-socket connection's CLI protocol, transport-independent: bytes in ({@link #onInput}), bytes out
 * ({@link #writeTo}), and when to close ({@link #wantsClose()}). The runtime drives it from the connection's loop
 * thread; every method runs on that thread (no internal locking).
 *
 * <p>Protocol (HAProxy 3.0, see {@code package-info}): requests end at an unescaped {@code ;} or LF ({@code CLI-1});
 * a trailing CR is dropped; words split on spaces and tabs, {@code \} escapes the next character ({@code CLI-2}); a
 * last word {@code <<[PAT]} starts a payload ({@code CLI-3}); each command's output is followed by the marker
 * {@code "\n"}, or {@code "\n> "} in prompt mode ({@code CLI-5}); in non-interactive mode the session closes after the
 * first LF-terminated line ({@code CLI-6}).
 */
public final class CliSession {
    /** HAProxy's default {@code tune.bufsize}: the longest request accepted. */
    public static final int DEFAULT_BUFSIZE = 16384;
    /** HAProxy's {@code MAX_CLI_ARGS}: words past it are ignored. */
    public static final int MAX_ARGS = 64;
    /** The overflow reply (HAProxy 3.0 text). */
    public static final String TOO_BIG = "The command is too big for the buffer size. Please change tune.bufsize "
            + "in the configuration to use a bigger command.";
    /** The reply to a command above the session's level. */
    public static final String PERMISSION_DENIED = "Permission denied";

    /** How short messages are prefixed ({@code set severity-output}). */
    public enum SeverityOutput {
        /** No prefix (default). */
        NONE,
        /** {@code [3]: }. */
        NUMBER,
        /** {@code [err]: }. */
        STRING
    }

    private static final AtomicLong GENERATIONS = new AtomicLong();
    private static final int MAX_PAYLOAD_PATTERN = 7;

    private final long generation = GENERATIONS.incrementAndGet();
    private final CliRegistry registry;
    private final LongSupplier uptimeMillis;
    private final CliLevel socketLevel;
    private final byte[] in;
    private int inLen;
    private final LineBuffer out;
    private final int highWater;
    private final CliRequest req = new CliRequest(this);

    private CliLevel level;
    /** {@code expert-mode on}: commands that can hurt the process (debug dev ...) are allowed. */
    private boolean expert;
    private SeverityOutput severity = SeverityOutput.NONE;
    private boolean interactive;
    private boolean timedPrompt;
    private boolean inputClosed;
    // No more commands will run; the transport closes once the output is flushed.
    private boolean closing;
    // Set by quit: no marker after the command.
    private boolean noMarker;
    // Set by prompt (off): close right after this command's marker.
    private boolean closeAfterMarker;
    private boolean lastEndedWithLf;
    // A command whose handler returned false: resumed once the output drains.
    private CliCommand running;
    // Payload being collected (CLI-3): the command's words, its end pattern ("" = empty line), the text so far.
    private List<String> payloadWords;
    private String payloadPattern;
    private StringBuilder payload;

    /**
     * Creates a session; runs on the connection's thread.
     *
     * @param registry the commands
     * @param socketLevel the {@code level} of the stats socket (the session's starting level)
     * @param bufSize the longest request accepted ({@code tune.bufsize})
     * @param uptimeMillis process uptime, for {@code prompt timed}
     */
    public CliSession(CliRegistry registry, CliLevel socketLevel, int bufSize, LongSupplier uptimeMillis) {
        this.registry = registry;
        this.socketLevel = socketLevel;
        this.level = socketLevel;
        this.in = new byte[bufSize];
        this.out = new LineBuffer(Math.min(bufSize, 4096));
        this.highWater = bufSize;
        this.uptimeMillis = uptimeMillis;
    }

    /** A session with HAProxy's defaults. */
    public CliSession(CliRegistry registry, CliLevel socketLevel) {
        this(registry, socketLevel, DEFAULT_BUFSIZE, () -> 0L);
    }

    /** Returns this session's generation (unique per process); handles to a session compare it on use. */
    public long generation() {
        return generation;
    }

    /** Returns the current level; runs on the session's thread. */
    public CliLevel level() {
        return level;
    }

    /** Returns the level of the socket this session came from; runs on the session's thread. */
    public CliLevel socketLevel() {
        return socketLevel;
    }

    /** Returns true once {@code expert-mode on} ran in this session; runs on the session's thread. */
    public boolean expertMode() {
        return expert;
    }

    /** Returns true in prompt (interactive) mode; runs on the session's thread. */
    public boolean interactive() {
        return interactive;
    }

    LineBuffer output() {
        return out;
    }

    int highWater() {
        return highWater;
    }

    CliRegistry registry() {
        return registry;
    }

    // ---- state changes requested by the built-in commands (SessionCommands) ----

    void lowerLevel(CliLevel target) {
        level = target;
    }

    void expertMode(boolean on) {
        expert = on;
    }

    void severityOutput(SeverityOutput s) {
        severity = s;
    }

    void togglePrompt(boolean timed) {
        if (timed) {
            timedPrompt = !timedPrompt;
            interactive = true;
        } else if (interactive) {
            // 3.0: leaving prompt mode answers "\n" and closes, dropping the rest of the line.
            interactive = false;
            closeAfterMarker = true;
        } else {
            interactive = true;
        }
    }

    void quit() {
        noMarker = true;
        closing = true;
    }

    // ---- transport side ----

    /**
     * Feeds bytes read from the peer and runs every complete request; runs on the session's thread. Returns how
     * many bytes were taken: fewer than {@code len} only while a dump waits for its output to drain and the input
     * buffer is full (the transport keeps the rest and stops reading until {@link #writeTo} made room). Input after
     * the session decided to close is taken and ignored.
     */
    public int onInput(byte[] src, int off, int len) {
        return onInput(ByteBuffer.wrap(src, off, len));
    }

    /** Same as {@link #onInput(byte[], int, int)} for a buffer's remaining bytes (advances its position). */
    public int onInput(ByteBuffer src) {
        int start = src.remaining();
        while (src.hasRemaining() && !closing) {
            int room = in.length - inLen;
            if (room == 0) {
                if (running != null) {
                    return start - src.remaining(); // back pressure while a dump waits
                }
                overflow(); // a request (or payload line) longer than tune.bufsize
                break;
            }
            int n = Math.min(room, src.remaining());
            src.get(in, inLen, n);
            inLen += n;
            process();
        }
        if (!closing && inLen == in.length && running == null) {
            overflow();
        }
        if (closing) {
            src.position(src.limit()); // CLI-6: anything after the closing line is ignored
        }
        return start - src.remaining();
    }

    /** The peer half-closed: a request without terminator is never run; runs on the session's thread. */
    public void onInputClosed() {
        inputClosed = true;
        process();
    }

    /** Returns true if output is waiting; runs on the session's thread. */
    public boolean hasOutput() {
        return out.length() > 0;
    }

    /**
     * Copies pending output into {@code dst}, then resumes a dump waiting for room; returns the bytes copied. Runs
     * on the session's thread.
     */
    public int writeTo(ByteBuffer dst) {
        int n = out.copyTo(0, dst);
        out.consume(n);
        if (running != null && out.length() < highWater) {
            process();
        }
        return n;
    }

    /** Drains all output as a String, running resumable dumps to the end (tests and cold paths). */
    public String drainOutput() {
        StringBuilder sb = new StringBuilder();
        do {
            sb.append(out.toString());
            out.clear();
            if (running != null) {
                process();
            }
        } while (out.length() > 0);
        return sb.toString();
    }

    /** Returns true once the transport should close: no more commands and all output taken. */
    public boolean wantsClose() {
        return closing && running == null && out.length() == 0;
    }

    /** Writes a short message: severity prefix, text without trailing LFs, one LF; session's thread. */
    void writeMessage(int sev, String text) {
        switch (severity) {
            case NUMBER -> out.append('[').append(sev).append("]: ");
            case STRING -> out.append('[').append(LogLevel.name(sev)).append("]: ");
            default -> {
            }
        }
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        out.append(text.subSequence(0, end)).append('\n');
    }

    private void overflow() {
        writeMessage(LogLevel.ERR, TOO_BIG);
        close();
    }

    private void close() {
        closing = true;
        inLen = 0;
    }

    /** Runs complete requests until input runs out, the session closes or a dump waits for room. */
    private void process() {
        while (!closing) {
            if (running != null) {
                if (out.length() >= highWater || !running.handler().run(req)) {
                    return;
                }
                running = null;
                endCommand();
                continue;
            }
            if (payloadWords != null) {
                if (!collectPayloadLine()) {
                    break;
                }
                continue;
            }
            int end = findRequestEnd();
            if (end < 0) {
                break;
            }
            boolean lf = in[end] == '\n';
            int reqLen = end;
            if (reqLen > 0 && in[reqLen - 1] == '\r') {
                reqLen--; // CLI-1: a trailing CR is dropped
            }
            List<String> words = splitWords(in, reqLen);
            consumeInput(end + 1);
            lastEndedWithLf = lf;
            if (lf && !words.isEmpty() && words.get(words.size() - 1).startsWith("<<")) {
                startPayload(words);
                continue;
            }
            execute(words, null);
        }
        if (!closing && inputClosed && running == null) {
            close(); // an unterminated request is never run
        }
    }

    /** CLI-1: returns the index of the first unescaped ';' or LF, or -1. */
    private int findRequestEnd() {
        for (int i = 0; i < inLen; i++) {
            byte b = in[i];
            if (b == '\\') {
                i++;
            } else if (b == ';' || b == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void consumeInput(int n) {
        System.arraycopy(in, n, in, 0, inLen - n);
        inLen -= n;
    }

    /** CLI-2: splits on runs of spaces and tabs; {@code \} makes the next byte literal; at most 64 words. */
    static List<String> splitWords(byte[] buf, int len) {
        List<String> words = new ArrayList<>();
        byte[] word = new byte[len];
        int wl = 0;
        boolean inWord = false;
        for (int i = 0; i < len && words.size() < MAX_ARGS; i++) {
            byte b = buf[i];
            if (b == ' ' || b == '\t') {
                if (inWord) {
                    words.add(new String(word, 0, wl, StandardCharsets.UTF_8));
                    wl = 0;
                    inWord = false;
                }
                continue;
            }
            if (b == '\\' && i + 1 < len) {
                b = buf[++i];
            }
            word[wl++] = b;
            inWord = true;
        }
        if (inWord && words.size() < MAX_ARGS) {
            words.add(new String(word, 0, wl, StandardCharsets.UTF_8));
        }
        return words;
    }

    /** CLI-3: the last word is {@code <<[PAT]}: collect the following lines as the command's payload. */
    private void startPayload(List<String> words) {
        String pat = words.get(words.size() - 1).substring(2);
        if (pat.length() > MAX_PAYLOAD_PATTERN) {
            writeMessage(LogLevel.ERR, "The payload pattern is too long (7 characters at most).");
            endCommand();
            return;
        }
        payloadWords = new ArrayList<>(words.subList(0, words.size() - 1));
        payloadPattern = pat;
        payload = new StringBuilder();
        if (interactive) {
            out.append("+ ");
        }
    }

    /** Takes one payload line; returns false if no complete line is buffered. */
    private boolean collectPayloadLine() {
        int end = -1;
        for (int i = 0; i < inLen; i++) {
            if (in[i] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            return false;
        }
        int len = end > 0 && in[end - 1] == '\r' ? end - 1 : end;
        String line = new String(in, 0, len, StandardCharsets.UTF_8);
        consumeInput(end + 1);
        if (line.equals(payloadPattern)) {
            List<String> words = payloadWords;
            String text = payload.toString();
            payloadWords = null;
            payload = null;
            execute(words, text);
        } else {
            payload.append(line).append('\n');
            if (interactive) {
                out.append("+ ");
            }
        }
        return true;
    }

    /** CLI-4: looks the command up, checks the level, runs it. */
    private void execute(List<String> words, String payloadText) {
        if (words.isEmpty()) {
            endCommand(); // 2.8+: an empty request only gets its marker
            return;
        }
        CliCommand cmd = registry.find(words);
        if (cmd == null) {
            LineBuffer tmp = new LineBuffer(1024);
            registry.writeUnknown(words, tmp);
            writeMessage(LogLevel.INFO, tmp.toString());
            endCommand();
            return;
        }
        if (!level.allows(cmd.level())) {
            writeMessage(LogLevel.ERR, PERMISSION_DENIED);
            endCommand();
            return;
        }
        req.reset(words, payloadText);
        if (cmd.handler().run(req)) {
            endCommand();
        } else {
            running = cmd;
        }
    }

    /** CLI-5 and CLI-6: the end-of-response marker, then the mode's closing rule. */
    private void endCommand() {
        if (noMarker) {
            return;
        }
        if (interactive) {
            if (timedPrompt) {
                long up = uptimeMillis.getAsLong() / 1000;
                out.append("\n[").append(up / 86400).append(':').appendZeroPadded((up / 3600) % 24, 2).append(':')
                        .appendZeroPadded((up / 60) % 60, 2).append(':').appendZeroPadded(up % 60, 2)
                        .append("]> ");
            } else {
                out.append("\n> ");
            }
        } else {
            out.append('\n');
            if (lastEndedWithLf) {
                close(); // CLI-6: 3.0 runs only the first LF-terminated line
            }
        }
        if (closeAfterMarker) {
            close();
        }
    }
}
