package dev.herald.dialects;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Joins rendered bodies into one JSON list without parsing them again: the renderers write compact
 * JSON whose only top-level field is the list ({@code {"events":[...]}}), so a batch is the members'
 * list elements between one such prefix and suffix.
 */
public final class JsonLists {
    private static final byte[] OBJECT_LIST_END = "]}".getBytes(StandardCharsets.UTF_8);

    private JsonLists() {
    }

    /** Whether {@code body} is exactly {@code {"field":[...]}} as Herald's renderers write it. */
    public static boolean isWrappedList(String field, byte[] body) {
        byte[] prefix = prefix(field);
        return body.length > prefix.length + OBJECT_LIST_END.length
                && Arrays.equals(body, 0, prefix.length, prefix, 0, prefix.length)
                && Arrays.equals(body, body.length - OBJECT_LIST_END.length, body.length, OBJECT_LIST_END, 0,
                OBJECT_LIST_END.length);
    }

    /** {@code {"field":[elements of every body, in order]}}; each body must pass {@link #isWrappedList}. */
    public static byte[] joinWrapped(String field, List<byte[]> bodies) {
        byte[] prefix = prefix(field);
        for (byte[] body : bodies) {
            if (!isWrappedList(field, body)) {
                throw new IllegalArgumentException("not a {\"" + field + "\":[...]} body");
            }
        }
        return join(prefix, bodies, prefix.length, OBJECT_LIST_END.length, OBJECT_LIST_END);
    }

    /** {@code [body,body,...]}: a JSON array of whole bodies. */
    public static byte[] array(List<byte[]> bodies) {
        return join(new byte[] {'['}, bodies, 0, 0, new byte[] {']'});
    }

    private static byte[] join(byte[] open, List<byte[]> bodies, int skipHead, int skipTail, byte[] close) {
        int size = open.length + close.length + Math.max(0, bodies.size() - 1);
        for (byte[] body : bodies) {
            size += body.length - skipHead - skipTail;
        }
        byte[] out = new byte[size];
        System.arraycopy(open, 0, out, 0, open.length);
        int at = open.length;
        for (int i = 0; i < bodies.size(); i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            byte[] body = bodies.get(i);
            int length = body.length - skipHead - skipTail;
            System.arraycopy(body, skipHead, out, at, length);
            at += length;
        }
        System.arraycopy(close, 0, out, at, close.length);
        return out;
    }

    private static byte[] prefix(String field) {
        return ("{\"" + field + "\":[").getBytes(StandardCharsets.UTF_8);
    }
}
