package dev.herald.dialects.bos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BosResourceTest {
    private static final String BUCKET = "my-bucket";

    @ParameterizedTest
    @CsvSource({
            "/path1, path1, ''",
            "/images/, images/, ''",
            "my-bucket/path1, path1, ''",
            "/path3/*.jpg, path3/, .jpg",
            "my-bucket/path4/*, path4/, ''",
            "/*.log, '', .log",
            "/bucket1/prefix/*, bucket1/prefix/, ''"})
    void parsesPathsInTheRulesBucket(String resource, String prefix, String suffix) {
        assertThat(BosResource.parse(BUCKET, resource)).isEqualTo(new BosResource(prefix, suffix));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "*", "/*", "my-bucket", "my-bucket/", "my-bucket/*"})
    void theseCoverTheWholeBucket(String resource) {
        BosResource r = BosResource.parse(BUCKET, resource);
        assertThat(r.matches("")).isTrue();
        assertThat(r.matches("a")).isTrue();
        assertThat(r.matches("deep/key with spaces/x.jpg")).isTrue();
    }

    @Test
    void withoutAStarThePathIsAKeyPrefix() {
        BosResource r = BosResource.parse(BUCKET, "/images/");
        assertThat(r.matches("images/")).isTrue();
        assertThat(r.matches("images/a/b.png")).isTrue();
        assertThat(r.matches("images")).isFalse();
        assertThat(r.matches("docs/images/a.png")).isFalse();
    }

    @Test
    void theStarMatchesAnyRunIncludingSlashes() {
        BosResource r = BosResource.parse(BUCKET, "/path3/*.jpg");
        assertThat(r.matches("path3/a.jpg")).isTrue();
        assertThat(r.matches("path3/a/b/c.jpg")).isTrue();
        assertThat(r.matches("path3/.jpg")).isTrue();
        assertThat(r.matches("path3/a.jpg.png")).isFalse();
        assertThat(r.matches("path4/a.jpg")).isFalse();
    }

    @Test
    void prefixAndSuffixMustNotOverlap() {
        BosResource r = BosResource.parse(BUCKET, "/ab*ba");
        assertThat(r.matches("aba")).isFalse();
        assertThat(r.matches("abba")).isTrue();
    }

    @Test
    void anotherBucketIsRefusedWithAHint() {
        assertThatThrownBy(() -> BosResource.parse(BUCKET, "images/*.jpg"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'images/*.jpg' names bucket 'images', but the rule belongs to bucket 'my-bucket'; "
                        + "start the resource with '/' for a path in this bucket");
    }

    @Test
    void twoStarsAreRefused() {
        assertThatThrownBy(() -> BosResource.parse(BUCKET, "/a/*/b/*.jpg"))
                .hasMessage("'/a/*/b/*.jpg' has more than one '*'; BOS allows at most one");
    }

    @Test
    void anEmptyResourceIsRefused() {
        assertThatThrownBy(() -> BosResource.parse(BUCKET, ""))
                .hasMessage("must not be empty; use \"/\" for the whole bucket");
    }
}
