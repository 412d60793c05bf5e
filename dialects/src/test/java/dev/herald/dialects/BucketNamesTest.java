package dev.herald.dialects;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each vendor's bucket naming rules (issue 16, item 7): length, case, dots, IP form, unicode. */
class BucketNamesTest {
    @ParameterizedTest(name = "{0}: BOS {1}, QingStor {2}, KS3 {3}, legacy S3 {4}")
    @CsvSource(delimiter = '|', value = {
            "my-bucket        | true  | true  | true  | true",
            "abc              | true  | false | true  | true",
            "ab               | false | false | false | true",
            "photos.2026      | false | false | true  | true",
            "a..b             | false | false | false | true",
            "a.-b             | false | false | false | true",
            "192.168.1.1      | false | false | false | true",
            "My-Bucket        | false | false | false | true",
            "-bucket          | false | false | false | true",
            "bucket-          | false | false | false | true",
            "a_b_c            | false | false | false | true",
            "bücket           | false | false | false | false",
            "a/b              | false | false | false | false",
            "'a b'            | false | false | false | false"})
    void namesFollowTheirVendorsRules(String name, boolean bos, boolean qingStor, boolean ks3, boolean s3) {
        assertThat(BucketNames.BOS.problem(name)).as("BOS").matches(p -> p.isEmpty() == bos);
        assertThat(BucketNames.QINGSTOR.problem(name)).as("QingStor").matches(p -> p.isEmpty() == qingStor);
        assertThat(BucketNames.KS3.problem(name)).as("KS3").matches(p -> p.isEmpty() == ks3);
        assertThat(BucketNames.S3_LEGACY.problem(name)).as("legacy S3").matches(p -> p.isEmpty() == s3);
    }

    @ParameterizedTest
    @CsvSource({"63,true", "64,false"})
    void atMostSixtyThreeCharacters(int length, boolean valid) {
        String name = "a".repeat(length);
        for (BucketNames rules : List.of(BucketNames.BOS, BucketNames.QINGSTOR, BucketNames.KS3)) {
            assertThat(rules.problem(name)).as(rules.name()).matches(p -> p.isEmpty() == valid);
        }
        assertThat(BucketNames.S3_LEGACY.problem("a".repeat(255))).isEmpty();
        assertThat(BucketNames.S3_LEGACY.problem("a".repeat(256))).isPresent();
        assertThat(BucketNames.BOS.problem("a".repeat(300))).hasValue("bucket name '" + "a".repeat(63)
                + "...' must be 3 to 63 characters long");
    }
}
