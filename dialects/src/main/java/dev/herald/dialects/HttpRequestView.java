package dev.herald.dialects;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request as a dialect sees it: exactly what came over the wire, detached from any server
 * API, so that signature checks and config APIs are pure functions.
 *
 * @param method   upper-case method
 * @param rawPath  path as sent, still percent-encoded, without the query
 * @param rawQuery query as sent (without {@code ?}), or {@code null}
 * @param headers  header names in any case; looked up case-insensitively
 * @param body     request body (empty array when none)
 */
public record HttpRequestView(String method, String rawPath, String rawQuery,
                              Map<String, List<String>> headers, byte[] body) {

    public HttpRequestView {
        method = method.toUpperCase(Locale.ROOT);
        TreeMap<String, List<String>> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> ci.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        headers = Collections.unmodifiableMap(ci);
        body = body == null ? new byte[0] : body;
    }

    /** A request with single-valued headers and a UTF-8 body. */
    public static HttpRequestView of(String method, String rawPath, String rawQuery, Map<String, String> headers,
                                     String body) {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) -> h.put(name, List.of(value)));
        return new HttpRequestView(method, rawPath, rawQuery, h, body.getBytes(StandardCharsets.UTF_8));
    }

    /** This request with header {@code name} replaced by one value. */
    public HttpRequestView withHeader(String name, String value) {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        h.put(name, List.of(value));
        return new HttpRequestView(method, rawPath, rawQuery, h, body);
    }

    /** This request without header {@code name}. */
    public HttpRequestView withoutHeader(String name) {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        h.remove(name);
        return new HttpRequestView(method, rawPath, rawQuery, h, body);
    }

    /** First value of a header, or {@code null}. */
    public String header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    /** The path, percent-decoded as UTF-8 ({@code +} stays a plus sign). */
    public String decodedPath() {
        return percentDecode(rawPath);
    }

    /**
     * Query parameters in the order sent, names and values percent-decoded; a parameter without
     * {@code =} (like {@code ?notification}) has the value {@code ""}.
     */
    public List<Map.Entry<String, String>> queryParams() {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            out.add(Map.entry(queryDecode(k), queryDecode(v)));
        }
        return out;
    }

    /** True if the query has a parameter of that name (case-sensitive, as vendors treat it). */
    public boolean hasQueryParam(String name) {
        return queryParams().stream().anyMatch(e -> e.getKey().equals(name));
    }

    private static String queryDecode(String s) {
        // Query strings use form encoding in practice: '+' is a space there.
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** Percent-decodes without treating '+' as a space; malformed escapes are kept literally. */
    public static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        byte[] out = new byte[s.length() * 3];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out[n++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                System.arraycopy(b, 0, out, n, b.length);
                n += b.length;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
