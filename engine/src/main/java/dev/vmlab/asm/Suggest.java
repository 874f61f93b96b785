package dev.vmlab.asm;

/** "Did you mean" suggestions by edit distance. */
final class Suggest {
    private Suggest() {}

    /** {@code " (did you mean 'x'?)"} for the closest candidate, or an empty string when none is close. */
    static String hint(String word, Iterable<String> candidates) {
        String best = closest(word, candidates);
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /**
     * The closest candidate within a distance that still looks like a typo, or null. Ties go to
     * a candidate that contains the word's letters in order (a dropped letter is the commonest
     * typo), then to the longest common prefix, then alphabetically: "adi" gives "addi", not
     * "add" or "andi".
     */
    static String closest(String word, Iterable<String> candidates) {
        String w = word.toLowerCase();
        String best = null;
        int[] bestKey = null;
        int limit = w.length() <= 4 ? 1 : w.length() <= 7 ? 2 : 3;
        for (String c : candidates) {
            String lc = c.toLowerCase();
            if (c.equals(word) || Math.abs(c.length() - w.length()) > limit) continue;
            int d = distance(w, lc);
            if (d > limit) continue;
            int[] key = {d, subsequence(w, lc) || subsequence(lc, w) ? 0 : 1, -commonPrefix(w, lc)};
            if (bestKey == null || compare(key, bestKey) < 0 || compare(key, bestKey) == 0 && c.compareTo(best) < 0) {
                best = c;
                bestKey = key;
            }
        }
        return best;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) return Integer.compare(a[i], b[i]);
        return 0;
    }

    private static boolean subsequence(String small, String big) {
        int k = 0;
        for (int i = 0; i < big.length() && k < small.length(); i++) if (big.charAt(i) == small.charAt(k)) k++;
        return k == small.length();
    }

    private static int commonPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) n++;
        return n;
    }

    /** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
