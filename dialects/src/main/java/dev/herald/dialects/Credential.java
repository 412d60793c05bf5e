package dev.herald.dialects;

import java.util.List;
import java.util.Objects;

/**
 * A vendor API key pair allowed to manage notification rules, and the buckets it may touch.
 *
 * @param buckets bucket names or glob patterns ({@code *} matches any run of characters);
 *                {@code ["*"]} allows every bucket
 */
public record Credential(String accessKey, String secretKey, List<String> buckets) {

    public Credential {
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        buckets = buckets == null || buckets.isEmpty() ? List.of("*") : List.copyOf(buckets);
    }

    /** True if this credential may manage {@code bucket}. */
    public boolean allows(String bucket) {
        for (String pattern : buckets) {
            if (globMatches(pattern, bucket)) {
                return true;
            }
        }
        return false;
    }

    private static boolean globMatches(String pattern, String s) {
        // Iterative '*' matcher with backtracking to the last star: linear in practice.
        int p = 0, i = 0, star = -1, mark = 0;
        while (i < s.length()) {
            if (p < pattern.length() && pattern.charAt(p) == s.charAt(i) && pattern.charAt(p) != '*') {
                p++;
                i++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = i;
            } else if (star >= 0) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public String toString() {
        // Never print the secret.
        return "Credential[accessKey=" + accessKey + ", buckets=" + buckets + "]";
    }
}
