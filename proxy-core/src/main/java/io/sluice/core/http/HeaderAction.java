package io.sluice.core.http;

import io.sluice.core.h1.AddedHeaders;
import io.sluice.core.h1.H1HeadWriter;
import io.sluice.core.h1.HeaderTable;

/**
 * A compiled {@code set-header}, {@code add-header} or {@code del-header} action with its
 * condition: the lower-case name and the constant value as bytes. Immutable; {@link #apply} runs on
 * the stream's loop thread and allocates nothing.
 */
public final class HeaderAction {

    /** {@code set-header}: delete every occurrence, then add. */
    public static final int SET = 0;
    /** {@code add-header}: add one more line. */
    public static final int ADD = 1;
    /** {@code del-header}: delete every occurrence. */
    public static final int DEL = 2;

    private final int op;
    private final byte[] name;
    private final byte[] value;
    private final CompiledCondition condition;

    HeaderAction(int op, byte[] lowerName, byte[] value, CompiledCondition condition) {
        this.op = op;
        this.name = lowerName;
        this.value = value;
        this.condition = condition;
    }

    /** The operation ({@link #SET}, {@link #ADD}, {@link #DEL}). */
    public int op() {
        return op;
    }

    /** The rule's condition ({@link CompiledCondition#ALWAYS} when none). */
    public CompiledCondition condition() {
        return condition;
    }

    /**
     * Applies the action to a parsed message's header table and its added lines (conditions are
     * the caller's: evaluate {@link #condition()} first); runs on the stream's loop thread.
     *
     * @return false on a rewrite failure (no room left in {@code added}: HAProxy answers 500)
     */
    public boolean apply(HeaderTable headers, AddedHeaders added) {
        if (op != ADD) {
            H1HeadWriter.deleteAll(headers, name);
            added.remove(name);
        }
        return op == DEL || added.add(name, value);
    }
}
