package dev.herald.dialects.qingstor;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code object_filters} pattern: QingStor matches object names with "glob patterns"
 * (docs/qingstor.md, "Rules") and defines no more. Herald's glob, over the whole object name (raw key):
 * <ul>
 *   <li>{@code *} matches any run of characters, <b>including {@code /}</b>: QingStor matches object
 *       names, which are flat strings, not paths, and its own example uses {@code "*"} for "every
 *       object"; so {@code *.jpg} matches {@code a/b/c.jpg}.</li>
 *   <li>{@code ?} matches exactly one character (one Unicode code point).</li>
 *   <li>{@code [abc]}, {@code [a-z]} match one character of the set; {@code [!abc]} and
 *       {@code [^abc]} one character not in it. A {@code ]} right after the opening {@code [}
 *       (or {@code [!}) is a member, as in shells.</li>
 *   <li>{@code \} makes the next character literal, inside sets too.</li>
 *   <li>The empty pattern stands for "no filter" and matches every name (QingStor: an empty rule
 *       matches all objects).</li>
 * </ul>
 * An unclosed {@code [} (so also {@code []}, whose {@code ]} is a member), a reversed range or a
 * trailing {@code \} is refused.
 * Matching is linear in practice: one backtracking point (the last {@code *}), as in {@code fnmatch}.
 */
public final class QingStorGlob {
    private final String pattern;
    private final List<Token> tokens;

    private QingStorGlob(String pattern, List<Token> tokens) {
        this.pattern = pattern;
        this.tokens = tokens;
    }

    /** @throws IllegalArgumentException naming what is wrong with the pattern */
    public static QingStorGlob compile(String pattern) {
        int[] cps = pattern.codePoints().toArray();
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == '*') {
                // Consecutive stars mean the same as one.
                if (tokens.isEmpty() || !(tokens.getLast() instanceof Star)) {
                    tokens.add(new Star());
                }
            } else if (c == '?') {
                tokens.add(new AnyOne());
            } else if (c == '\\') {
                if (++i == cps.length) {
                    throw new IllegalArgumentException("ends with '\\', which escapes nothing");
                }
                tokens.add(new Literal(cps[i]));
            } else if (c == '[') {
                i = charSet(cps, i, tokens);
            } else {
                tokens.add(new Literal(c));
            }
        }
        return new QingStorGlob(pattern, List.copyOf(tokens));
    }

    /** Parses the set starting at {@code cps[open] == '['}; returns the index of its closing {@code ]}. */
    private static int charSet(int[] cps, int open, List<Token> tokens) {
        int i = open + 1;
        boolean negated = i < cps.length && (cps[i] == '!' || cps[i] == '^');
        if (negated) {
            i++;
        }
        List<int[]> ranges = new ArrayList<>();
        int first = i;
        while (i < cps.length && (cps[i] != ']' || i == first)) {
            int low = cps[i];
            if (low == '\\' && ++i < cps.length) {
                low = cps[i];
            }
            int high = low;
            if (i + 2 < cps.length && cps[i + 1] == '-' && cps[i + 2] != ']') {
                i += 2;
                high = cps[i];
                if (high == '\\' && ++i < cps.length) {
                    high = cps[i];
                }
                if (high < low) {
                    throw new IllegalArgumentException("has the reversed range '" + Character.toString(low) + "-"
                            + Character.toString(high) + "'");
                }
            }
            ranges.add(new int[]{low, high});
            i++;
        }
        if (i >= cps.length) {
            throw new IllegalArgumentException("has a '[' without its closing ']' (write \\[ for a literal '[')");
        }
        tokens.add(new CharSet(List.copyOf(ranges), negated));
        return i;
    }

    public boolean matches(String name) {
        if (tokens.isEmpty()) {
            return true;
        }
        int[] s = name.codePoints().toArray();
        int t = 0;
        int i = 0;
        int starToken = -1;
        int starMark = 0;
        while (i < s.length) {
            if (t < tokens.size() && tokens.get(t) instanceof Star) {
                starToken = t++;
                starMark = i;
            } else if (t < tokens.size() && tokens.get(t).accepts(s[i])) {
                t++;
                i++;
            } else if (starToken >= 0) {
                // Let the last star swallow one more character and retry from there.
                t = starToken + 1;
                i = ++starMark;
            } else {
                return false;
            }
        }
        while (t < tokens.size() && tokens.get(t) instanceof Star) {
            t++;
        }
        return t == tokens.size();
    }

    public String pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return pattern;
    }

    private sealed interface Token permits Literal, AnyOne, CharSet, Star {
        boolean accepts(int codePoint);
    }

    private record Literal(int codePoint) implements Token {
        public boolean accepts(int c) {
            return c == codePoint;
        }
    }

    private record AnyOne() implements Token {
        public boolean accepts(int c) {
            return true;
        }
    }

    private record CharSet(List<int[]> ranges, boolean negated) implements Token {
        public boolean accepts(int c) {
            boolean inSet = ranges.stream().anyMatch(r -> c >= r[0] && c <= r[1]);
            return inSet != negated;
        }
    }

    private record Star() implements Token {
        public boolean accepts(int c) {
            return false;
        }
    }
}
