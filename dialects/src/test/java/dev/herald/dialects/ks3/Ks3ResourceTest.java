package dev.herald.dialects.ks3;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class Ks3ResourceTest {

    @ParameterizedTest(name = "{0}|{1} matches ''{2}'': {3}")
    @CsvSource(delimiter = '|', value = {
            "images/ |      | images/a.jpg | true",
            "images/ |      | docs/a.jpg   | false",
            "        | .jpg | a/b/c.jpg    | true",
            "        | .jpg | a/b/c.png    | false",
            "images/ | .jpg | images/a.jpg | true",
            "images/ | .jpg | images/a.png | false",
            "images/ | .jpg | docs/a.jpg   | false",
            "ab      | bc   | abc          | true",
            "        |      | anything     | true",
            "        |      | ''           | true"})
    void aKeyMatchesWhenItHasThePrefixAndTheSuffix(String prefix, String suffix, String key, boolean matches) {
        assertThat(new Ks3Resource(prefix, suffix).matches(key)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0}|{1} and {2}|{3}: {4}")
    @CsvSource(delimiter = '|', value = {
            "a/      |      | a/b/    |      | true  | a/b/",
            "a/      |      | b/      |      | false | ",
            "a/      |      | ab/     |      | false | ",
            "        | .jpg |         | .png | false | ",
            "        | .jpg |         | 1.jpg| true  | 1.jpg",
            "images/ |      |         | .jpg | true  | images/.jpg",
            "images/ | .jpg | images/ | .png | false | ",
            "a/      | .jpg | b/      | .jpg | false | ",
            "        |      | x/      | .y   | true  | x/.y",
            "prefix1 | suffix1 | prefix2 | suffix2 | false | "})
    void resourcesOverlapWhenPrefixesAndSuffixesNest(String prefix1, String suffix1, String prefix2, String suffix2,
                                                     boolean overlap, String commonKey) {
        Ks3Resource a = new Ks3Resource(prefix1, suffix1);
        Ks3Resource b = new Ks3Resource(prefix2, suffix2);
        assertThat(a.overlaps(b)).isEqualTo(overlap);
        assertThat(b.overlaps(a)).as("symmetric").isEqualTo(overlap);
        if (overlap) {
            assertThat(a.commonKey(b)).isEqualTo(commonKey);
            assertThat(a.matches(commonKey) && b.matches(commonKey)).as("the common key matches both").isTrue();
        }
    }
}
