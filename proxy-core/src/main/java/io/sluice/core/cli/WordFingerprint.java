package io.sluice.core.cli;

/**
 * Word fingerprints for "did you mean" suggestions, after HAProxy's {@code make_word_fingerprint}: a word is the
 * multiset of its character transitions (letters 1–26, digits 27, other 28, with begin and end markers 28), and
 * two words are as far apart as the sum of the absolute differences of their transition counts.
 * Stateless; runs on the session's thread.
 */
final class WordFingerprint {
    private static final int CLASSES = 32;
    private static final int OTHER = 28;

    private WordFingerprint() {
    }

    private static int classOf(char c) {
        char l = Character.toLowerCase(c);
        if (l >= 'a' && l <= 'z') {
            return l - 'a' + 1;
        }
        if (l >= '0' && l <= '9') {
            return 27;
        }
        return OTHER;
    }

    /** Returns the fingerprint of {@code word} (a fresh array; help and errors only). */
    static byte[] of(String word) {
        byte[] fp = new byte[CLASSES * CLASSES];
        int from = OTHER;
        for (int i = 0; i < word.length(); i++) {
            int to = classOf(word.charAt(i));
            fp[CLASSES * from + to]++;
            from = to;
        }
        fp[CLASSES * from + OTHER]++;
        return fp;
    }

    /** Returns the distance between two fingerprints. */
    static int distance(byte[] a, byte[] b) {
        int d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d;
    }

    /** Returns the number of transitions in a fingerprint (the word's length + 1). */
    static int weight(byte[] fp) {
        int w = 0;
        for (byte b : fp) {
            w += b;
        }
        return w;
    }
}
