package dev.herald.dialects.ks3;

/**
 * One entry of a rule's {@code Resources}: which keys it covers. An absent or empty
 * {@code Prefix}/{@code Suffix} is {@code ""}, which every key starts/ends with.
 *
 * <p>Matching: a key matches when it starts with the prefix and ends with the suffix, each checked
 * on its own, as S3 filter rules do (KS3: "both set ⇒ both must match"); so {@code Prefix "ab"},
 * {@code Suffix "bc"} matches {@code abc}. With neither set the resource covers the whole bucket.
 *
 * <p>Overlap (KS3 refuses overlapping paths in one rule, and in two rules sharing an event type,
 * without defining the word): two resources overlap when some key could match both. Under the
 * matching above that holds exactly when one prefix is a prefix of the other and one suffix is a
 * suffix of the other — the key {@code longerPrefix + longerSuffix} then matches both, and if
 * either condition fails no key can start (or end) with both. So {@code Prefix "images/"} and
 * {@code Suffix ".jpg"} overlap ({@code images/a.jpg}); {@code Prefix "a/"} and {@code Prefix "b/"}
 * do not; the whole bucket overlaps everything.
 */
record Ks3Resource(String prefix, String suffix) {
    static final Ks3Resource WHOLE_BUCKET = new Ks3Resource("", "");

    Ks3Resource {
        prefix = prefix == null ? "" : prefix;
        suffix = suffix == null ? "" : suffix;
    }

    boolean matches(String key) {
        return key.startsWith(prefix) && key.endsWith(suffix);
    }

    boolean overlaps(Ks3Resource other) {
        boolean prefixesNest = prefix.startsWith(other.prefix) || other.prefix.startsWith(prefix);
        boolean suffixesNest = suffix.endsWith(other.suffix) || other.suffix.endsWith(suffix);
        return prefixesNest && suffixesNest;
    }

    /** A key both resources match; only meaningful when they {@link #overlaps overlap}. */
    String commonKey(Ks3Resource other) {
        String longerPrefix = prefix.length() >= other.prefix.length() ? prefix : other.prefix;
        String longerSuffix = suffix.length() >= other.suffix.length() ? suffix : other.suffix;
        return longerPrefix + longerSuffix;
    }
}
