package dev.herald.dialects;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Bucket naming rules (docs/bos.md, docs/qingstor.md, docs/ks3.md, "Limits"): a name that breaks its
 * vendor's rules never reaches storage, however it was addressed (path, Host header, a rule field).
 * The vendors' documented rules: 3 (QingStor 6) to 63 characters of lower-case letters, digits and
 * {@code -} (KS3 also {@code .}), starting and ending with a letter or digit.
 */
public enum BucketNames {
    /** BOS: 3 to 63 of {@code a-z 0-9 -}, starting and ending with a letter or digit. */
    BOS(3, false),
    /** QingStor: 6 to 63 of {@code a-z 0-9 -}, starting and ending with a letter or digit. */
    QINGSTOR(6, false),
    /** KS3: 3 to 63 of {@code a-z 0-9 . -}, starting and ending with a letter or digit, no {@code ..}, not an IPv4 address. */
    KS3(3, true),
    /**
     * What an S3-family backend may report at ingest: S3's legacy rules, which us-east-1 buckets
     * from before 2018 and Ceph RGW with {@code rgw_relaxed_s3_bucket_names} still follow: 1 to 255
     * of letters (either case), digits, {@code .}, {@code -} and {@code _}. Stricter would lose such
     * buckets' events; this still keeps out separators, control characters and unicode.
     */
    S3_LEGACY(1, true);

    private static final int MAX_LENGTH = 63;
    private static final Pattern LEGACY = Pattern.compile("[A-Za-z0-9._-]{1,255}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final int minLength;
    private final boolean dots;

    BucketNames(int minLength, boolean dots) {
        this.minLength = minLength;
        this.dots = dots;
    }

    /** Why {@code name} is not a bucket name of this vendor; empty when it is one. */
    public Optional<String> problem(String name) {
        if (this == S3_LEGACY) {
            return LEGACY.matcher(name).matches() ? Optional.empty()
                    : why(name, "must be 1 to 255 letters, digits, '.', '-' or '_'");
        }
        if (name.length() < minLength || name.length() > MAX_LENGTH) {
            return why(name, "must be " + minLength + " to " + MAX_LENGTH + " characters long");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || dots && c == '.')) {
                return why(name, "may only contain lower-case letters, digits" + (dots ? ", '.'" : "") + " and '-'");
            }
        }
        if (!isLetterOrDigit(name.charAt(0)) || !isLetterOrDigit(name.charAt(name.length() - 1))) {
            return why(name, "must start and end with a lower-case letter or a digit");
        }
        if (name.contains("..") || name.contains(".-") || name.contains("-.")) {
            return why(name, "must not contain '..', '.-' or '-.'");
        }
        if (IPV4.matcher(name).matches()) {
            return why(name, "must not be an IP address");
        }
        return Optional.empty();
    }

    private static boolean isLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    private static Optional<String> why(String name, String rule) {
        String shown = name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) + "..." : name;
        return Optional.of("bucket name '" + shown + "' " + rule);
    }
}
