package io.sluice.core.http;

import java.nio.ByteBuffer;

import io.sluice.core.h1.H1Parser;
import io.sluice.core.h1.Replies;

/**
 * A compiled redirect (code, kind, target bytes, options, condition). Immutable; {@link #write}
 * runs on the stream's loop thread and allocates nothing.
 */
public final class CompiledRedirect {

    private final int code;
    private final int type;
    private final byte[] target;
    private final boolean dropQuery;
    private final boolean appendSlash;
    private final CompiledCondition condition;

    CompiledRedirect(int code, int type, byte[] target, boolean dropQuery, boolean appendSlash,
                     CompiledCondition condition) {
        this.code = code;
        this.type = type;
        this.target = target;
        this.dropQuery = dropQuery;
        this.appendSlash = appendSlash;
        this.condition = condition;
    }

    /** The condition ({@link CompiledCondition#ALWAYS} when none). */
    public CompiledCondition condition() {
        return condition;
    }

    /** The status code (301, 302, 303, 307 or 308). */
    public int code() {
        return code;
    }

    /** Writes the reply; see {@link Replies#writeRedirect} for the result. */
    public int write(ByteBuffer out, H1Parser request, int connHeader) {
        return Replies.writeRedirect(out, code, type, target, dropQuery, appendSlash, request, connHeader);
    }
}
