package dev.vmlab.scenario;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean": the closest valid name to a misspelt one, by edit distance. */
public final class Suggest {
    private Suggest() {}

    /**
     * The valid name nearest to {@code typo}, if it is close enough to be a plausible typo: at
     * most a third of the name's length in edits (at least one, at most three), compared without
     * case. Ties go to the earlier name, so callers list the common names first.
     */
    public static Optional<String> closest(String typo, Collection<String> valid) {
        String t = typo.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, Math.min(3, t.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String v : valid) {
            int d = distance(t, v.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = v;
                bestDistance = d;
            }
        }
        return bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /**
     * Optimal-string-alignment distance: insertions, deletions, substitutions, and swaps of two
     * adjacent characters each cost one ("memroy" is one edit from "memory", not two).
     */
    public static int distance(String a, String b) {
        int n = a.length(), m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) d[i][0] = i;
        for (int j = 0; j <= m; j++) d[0][j] = j;
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[n][m];
    }
}
