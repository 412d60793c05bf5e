package dev.herald.dialects.qingstor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QingStorGlobTest {

    @ParameterizedTest(name = "''{0}'' on ''{1}'': {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', emptyValue = "", value = {
            // '*' is any run of characters, '/' included: object names are not paths.
            "*             | anything/at/all.txt  | true",
            "*             | \"\"                   | true",
            "*.jpg         | photo.jpg            | true",
            "*.jpg         | a/b/photo.jpg        | true",
            "*.jpg         | photo.jpeg           | false",
            "*.jpg         | photo.JPG            | false",
            "images/*      | images/a/b.png       | true",
            "images/*      | docs/images/a.png    | false",
            "images/*.png  | images/x/y.png       | true",
            "a*b*c         | aXXbYYc              | true",
            "a*b*c         | aXXbYY               | false",
            "a**c          | ac                   | true",
            "*a*a*a*b      | aaaaaaaaaaaaaaaaaaaa | false",
            // '?' is exactly one character, '/' and non-ASCII included.
            "photo?.jpg    | photo1.jpg           | true",
            "photo?.jpg    | photo12.jpg          | false",
            "photo?.jpg    | photo.jpg            | false",
            "a?c           | a/c                  | true",
            "水?.png       | 水印.png             | true",
            "?             | 😀                   | true",
            // Sets and ranges, negated with '!' or '^'.
            "[abc].txt     | b.txt                | true",
            "[abc].txt     | d.txt                | false",
            "img[0-9].png  | img7.png             | true",
            "img[0-9].png  | imgx.png             | false",
            "[!abc].txt    | d.txt                | true",
            "[!abc].txt    | a.txt                | false",
            "[^abc].txt    | a.txt                | false",
            "[^a-c]x       | dx                   | true",
            "[]a]          | ]                    | true",
            "[a-]          | -                    | true",
            "[\\]]         | ]                    | true",
            // '\\' escapes, so special characters can be matched literally.
            "\\*.txt       | *.txt                | true",
            "\\*.txt       | a.txt                | false",
            "what\\?       | what?                | true",
            "what\\?       | whats                | false",
            "\\[x]         | [x]                  | true",
            // Literal text matches exactly, the whole name.
            "photo.jpg     | photo.jpg            | true",
            "photo.jpg     | photo.jpg.bak        | false",
            "photo.jpg     | images/photo.jpg     | false",
            "a+b c%2F      | a+b c%2F             | true",
            // The empty pattern means no filter.
            "\"\"            | anything             | true"})
    void matches(String pattern, String name, boolean expected) {
        assertThat(QingStorGlob.compile(pattern).matches(name)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "images/[abc       | has a '[' without its closing ']' (write \\[ for a literal '[')",
            "[]                | has a '[' without its closing ']' (write \\[ for a literal '[')",
            "[!]               | has a '[' without its closing ']' (write \\[ for a literal '[')",
            "[z-a]             | has the reversed range 'z-a'",
            "trailing\\        | ends with '\\', which escapes nothing"})
    void refuses(String pattern, String reason) {
        assertThatThrownBy(() -> QingStorGlob.compile(pattern))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(reason);
    }
}
