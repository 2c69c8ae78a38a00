package io.sluice.config;

import java.util.Collection;

/**
 * Finds the known word closest to a misspelt one, in the spirit of HAProxy's
 * {@code cfg_find_best_match()}: each word is summarised by the counts of its transitions between
 * character classes (each letter, digit, other, start, end), two words are as far apart as the sum
 * of the differences of those counts, and no suggestion is made when the best distance exceeds
 * twice the length of either word. Pure function, callable from any thread.
 */
public final class Suggest {
    private static final int CLASSES = 32;
    private static final int DIGIT = 26;
    private static final int OTHER = 27;
    private static final int BEGIN = 28;
    private static final int END = 29;

    private Suggest() {
    }

    /** Returns the candidate closest to {@code word}, or null when none is close enough. */
    public static String best(String word, Collection<String> candidates) {
        int[] sig = fingerprint(word);
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(sig, fingerprint(c));
            if (d < bestDist) {
                bestDist = d;
                best = c;
            }
        }
        if (best == null || bestDist > 2 * word.length() || bestDist > 2 * best.length()) {
            return null;
        }
        return best;
    }

    private static int classOf(char c) {
        char l = Character.toLowerCase(c);
        if (l >= 'a' && l <= 'z') {
            return l - 'a';
        }
        if (c >= '0' && c <= '9') {
            return DIGIT;
        }
        return OTHER;
    }

    private static int[] fingerprint(String w) {
        int[] sig = new int[CLASSES * CLASSES];
        int prev = BEGIN;
        for (int i = 0; i < w.length(); i++) {
            int cur = classOf(w.charAt(i));
            sig[prev * CLASSES + cur]++;
            prev = cur;
        }
        sig[prev * CLASSES + END]++;
        return sig;
    }

    private static int distance(int[] a, int[] b) {
        int d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d;
    }
}
