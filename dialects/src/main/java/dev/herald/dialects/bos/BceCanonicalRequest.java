package dev.herald.dialects.bos;

import dev.herald.dialects.HttpRequestView;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The canonical request of {@code bce-auth-v1} (docs/bos.md, "The bce-auth-v1 signature", steps 4 and 5):
 * {@code METHOD \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders}.
 */
final class BceCanonicalRequest {
    /** Signed when the Authorization header lists no headers, besides every {@code x-bce-*} header. */
    private static final Set<String> DEFAULT_HEADERS = Set.of("host", "content-length", "content-type", "content-md5");
    private static final String BCE_HEADER_PREFIX = "x-bce-";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private BceCanonicalRequest() {
    }

    /**
     * @param signedHeaders header names to sign; empty for the default set
     */
    static String of(HttpRequestView request, List<String> signedHeaders) {
        List<String> names = signedNames(request, signedHeaders);
        return request.method() + "\n" + uri(request.decodedPath()) + "\n" + query(request.queryParams()) + "\n"
                + headers(request, names);
    }

    /** The header names a request signs: those listed, or the default set present in the request when none are. */
    static List<String> signedNames(HttpRequestView request, List<String> signedHeaders) {
        return signedHeaders.isEmpty() ? defaultHeaders(request) : normalizeNames(signedHeaders);
    }

    /** Header names as they appear in an auth string: trimmed, lower case, sorted, unique, never {@code authorization}. */
    static List<String> normalizeNames(List<String> names) {
        TreeSet<String> out = new TreeSet<>();
        for (String name : names) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (!n.isEmpty() && !n.equals("authorization")) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    /** UriEncode of step 4 (docs/bos.md): every byte but {@code A-Z a-z 0-9 - _ . ~} (and optionally {@code /}) as %XX. */
    static String uriEncode(String s, boolean keepSlash) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~' || keepSlash && c == '/') {
                out.append(c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static String uri(String decodedPath) {
        String encoded = uriEncode(decodedPath, true);
        return encoded.startsWith("/") ? encoded : "/" + encoded;
    }

    private static String query(List<Map.Entry<String, String>> params) {
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, String> p : params) {
            if (!p.getKey().equalsIgnoreCase("authorization")) {
                pairs.add(uriEncode(p.getKey(), false) + "=" + uriEncode(p.getValue(), false));
            }
        }
        pairs.sort(null);
        return String.join("&", pairs);
    }

    private static List<String> defaultHeaders(HttpRequestView request) {
        List<String> names = new ArrayList<>();
        for (String name : request.headers().keySet()) {
            String n = name.toLowerCase(Locale.ROOT);
            if (DEFAULT_HEADERS.contains(n) || n.startsWith(BCE_HEADER_PREFIX)) {
                names.add(n);
            }
        }
        return names;
    }

    private static String headers(HttpRequestView request, List<String> names) {
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            String value = request.header(name);
            if (value != null && !value.isBlank()) {
                lines.add(uriEncode(name, false) + ":" + uriEncode(value.trim(), false));
            }
        }
        lines.sort(null);
        return String.join("\n", lines);
    }
}
