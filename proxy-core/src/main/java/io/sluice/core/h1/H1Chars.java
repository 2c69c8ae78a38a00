package io.sluice.core.h1;

/**
 * The byte classes of RFC 9110/9112 as HAProxy's {@code h1.c} uses them: token characters (tchar),
 * the "VER" class of the version ({@code A-Z 0-9 . /}, no lower case), SP/HT. Immutable tables;
 * usable from any thread.
 */
final class H1Chars {

    private static final byte C_TOKEN = 1;
    private static final byte C_VER = 2;
    private static final byte C_SPHT = 4;
    private static final byte C_DIGIT = 8;
    private static final byte C_HEX = 16;

    private static final byte[] CLASS = new byte[256];

    static {
        for (int c = 'a'; c <= 'z'; c++) {
            CLASS[c] |= C_TOKEN;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            CLASS[c] |= C_TOKEN | C_VER;
        }
        for (int c = '0'; c <= '9'; c++) {
            CLASS[c] |= C_TOKEN | C_VER | C_DIGIT | C_HEX;
        }
        for (int c = 'a'; c <= 'f'; c++) {
            CLASS[c] |= C_HEX;
            CLASS[c - 32] |= C_HEX;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            CLASS[c] |= C_TOKEN;
        }
        CLASS['.'] |= C_VER;
        CLASS['/'] |= C_VER;
        CLASS[' '] |= C_SPHT;
        CLASS['\t'] |= C_SPHT;
    }

    private H1Chars() {
    }

    static boolean isToken(int b) {
        return (CLASS[b & 0xff] & C_TOKEN) != 0;
    }

    static boolean isVer(int b) {
        return (CLASS[b & 0xff] & C_VER) != 0;
    }

    static boolean isSpHt(int b) {
        return (CLASS[b & 0xff] & C_SPHT) != 0;
    }

    static boolean isDigit(int b) {
        return (CLASS[b & 0xff] & C_DIGIT) != 0;
    }

    static boolean isHex(int b) {
        return (CLASS[b & 0xff] & C_HEX) != 0;
    }

    static int hexValue(int b) {
        int c = b & 0xff;
        if (c <= '9') {
            return c - '0';
        }
        return (c | 0x20) - 'a' + 10;
    }
}
