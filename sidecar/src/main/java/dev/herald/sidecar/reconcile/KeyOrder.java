package dev.herald.sidecar.reconcile;

/**
 * The order S3 lists keys in and SQLite's BINARY collation sorts them: UTF-8 bytes, which is
 * code-point order. {@link String#compareTo} compares UTF-16 units and differs for keys with
 * characters beyond U+FFFF.
 */
final class KeyOrder {
    private KeyOrder() {
    }

    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
