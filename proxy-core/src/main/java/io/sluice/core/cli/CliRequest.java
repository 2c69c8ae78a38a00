package io.sluice.core.cli;

import java.util.List;

import io.sluice.core.log.LineBuffer;
import io.sluice.core.log.LogLevel;

/**
 * One command being run by a {@link CliSession}: its words, its payload, its output and a slot for a resumable
 * dump's position. Used on the session's thread only; reused by the session for the next command.
 */
public final class CliRequest {
    private final CliSession session;
    private List<String> args = List.of();
    private String payload;
    private Object state;

    CliRequest(CliSession session) {
        this.session = session;
    }

    void reset(List<String> words, String payloadText) {
        this.args = words;
        this.payload = payloadText;
        this.state = null;
    }

    /** Returns the session running this command; runs on the session's thread. */
    public CliSession session() {
        return session;
    }

    /** Returns every word of the request, keywords included; runs on the session's thread. */
    public List<String> args() {
        return args;
    }

    /** Returns word {@code i}, or {@code ""} past the last one (HAProxy's empty args); session's thread. */
    public String arg(int i) {
        return i < args.size() ? args.get(i) : "";
    }

    /** Returns the payload after {@code <<}, or null; runs on the session's thread. */
    public String payload() {
        return payload;
    }

    /** Returns the session's level at the time the command runs; runs on the session's thread. */
    public CliLevel level() {
        return session.level();
    }

    /** Returns the handler's saved position (null on the first call); runs on the session's thread. */
    @SuppressWarnings("unchecked")
    public <T> T state() {
        return (T) state;
    }

    /** Saves the handler's position for its next call; runs on the session's thread. */
    public void state(Object position) {
        this.state = position;
    }

    /** Returns the output buffer dumps write to; runs on the session's thread. */
    public LineBuffer out() {
        return session.output();
    }

    /**
     * Returns true while the output holds less than the session's high-water mark; a long dump stops and returns
     * false from its handler when this turns false. Runs on the session's thread.
     */
    public boolean hasRoom() {
        return session.output().length() < session.highWater();
    }

    /** Writes an informational message (severity 6) and returns true; runs on the session's thread. */
    public boolean message(String text) {
        session.writeMessage(LogLevel.INFO, text);
        return true;
    }

    /** Writes an error message (severity 3) and returns true; runs on the session's thread. */
    public boolean error(String text) {
        session.writeMessage(LogLevel.ERR, text);
        return true;
    }
}
