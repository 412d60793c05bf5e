package dev.herald.dialects.bos;

/**
 * One entry of a rule's {@code resources}: which keys of the rule's bucket it covers.
 *
 * <p>BOS documents the forms {@code bucket/path1/*.jpg} and {@code /path1/*.jpg} and "at most one
 * {@code *}", but not how they match. Herald's reading:
 * <ul>
 *   <li>A leading {@code /} starts a path in the rule's bucket ({@code /images/} covers
 *       {@code images/...}). Otherwise the first segment names a bucket, which must be the rule's
 *       own ({@code my-bucket/path1} on {@code my-bucket}); any other bucket is refused, since a
 *       rule only sees its bucket's events.</li>
 *   <li>{@code /}, {@code *}, {@code /*}, {@code bucket} and {@code bucket/} cover the whole bucket.</li>
 *   <li>Without {@code *} the path is a key prefix. With one {@code *}, a key matches if it starts
 *       with the part before it and ends with the part after it, the two not overlapping; the
 *       {@code *} matches any run of characters, {@code /} included ({@code /a/*.jpg} covers
 *       {@code a/b/c.jpg}). More than one {@code *} is refused.</li>
 * </ul>
 *
 * @param prefix what a covered key starts with
 * @param suffix what a covered key ends with ({@code ""} without a {@code *}: a plain prefix)
 */
record BosResource(String prefix, String suffix) {
    private static final String WHOLE_BUCKET = "*";

    /**
     * @throws IllegalArgumentException with a reason that starts with the quoted resource
     */
    static BosResource parse(String bucket, String resource) {
        String quoted = "'" + resource + "'";
        if (resource.isEmpty()) {
            throw new IllegalArgumentException("must not be empty; use \"/\" for the whole bucket");
        }
        String path;
        if (resource.startsWith("/")) {
            path = resource.substring(1);
        } else if (resource.equals(WHOLE_BUCKET)) {
            path = "";
        } else {
            int slash = resource.indexOf('/');
            String named = slash < 0 ? resource : resource.substring(0, slash);
            if (!named.equals(bucket)) {
                throw new IllegalArgumentException(quoted + " names bucket '" + named + "', but the rule belongs to bucket '"
                        + bucket + "'; start the resource with '/' for a path in this bucket");
            }
            path = slash < 0 ? "" : resource.substring(slash + 1);
        }
        int star = path.indexOf('*');
        if (star < 0) {
            return new BosResource(path, "");
        }
        if (path.indexOf('*', star + 1) >= 0) {
            throw new IllegalArgumentException(quoted + " has more than one '*'; BOS allows at most one");
        }
        return new BosResource(path.substring(0, star), path.substring(star + 1));
    }

    boolean matches(String key) {
        return key.length() >= prefix.length() + suffix.length() && key.startsWith(prefix) && key.endsWith(suffix);
    }
}
