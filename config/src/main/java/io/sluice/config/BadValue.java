package io.sluice.config;

/**
 * A value that does not parse (time, size, number, address); carries the detail HAProxy prints
 * and, for units, the first unexpected character.
 */
public final class BadValue extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a value was refused. */
    public enum Kind {
        /** An unexpected character (the first one not understood). */
        CHAR,
        /** The value is larger than the maximum. */
        OVERFLOW,
        /** No value at all. */
        EMPTY,
        /** Anything else (address forms, ranges): the message says it all. */
        OTHER
    }

    private final Kind kind;
    private final char badChar;

    /** Creates a refusal of {@code kind} whose first offending character is {@code badChar}. */
    public BadValue(Kind kind, char badChar, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.badChar = badChar;
    }

    /** Creates a refusal explained by {@code message} alone. */
    public BadValue(String message) {
        this(Kind.OTHER, '\0', message);
    }

    /** Returns why the value was refused. */
    public Kind kind() {
        return kind;
    }

    /** Returns the first character that was not understood (for {@link Kind#CHAR}). */
    public char badChar() {
        return badChar;
    }
}
