package dev.herald.adapter.producer;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

import java.util.Locale;

/**
 * String escapes as Go's {@code encoding/json} writes them, for bodies a Go program (MinIO) sends:
 * {@code <}, {@code >}, {@code &}, U+2028, U+2029 and the control characters other than newline,
 * carriage return and tab as JSON unicode escapes with lower-case hex (<code>&#92;u003c</code>;
 * Go before 1.22, which MinIO RELEASE.2024-01 was built with, has no short forms for backspace and
 * form feed). Everything else as Jackson writes it: quote and backslash escaped, UTF-8 as is.
 */
final class GoJsonEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    GoJsonEscapes() {
        for (int c = 0; c < 0x20; c++) {
            if (c != '\n' && c != '\r' && c != '\t') {
                ascii[c] = ESCAPE_CUSTOM;
            }
        }
        ascii['<'] = ESCAPE_CUSTOM;
        ascii['>'] = ESCAPE_CUSTOM;
        ascii['&'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        boolean custom = ch < 0x80 ? ascii[ch] == ESCAPE_CUSTOM : ch == 0x2028 || ch == 0x2029;
        return custom ? new SerializedString(String.format(Locale.ROOT, "\\u%04x", ch)) : null;
    }
}
