package dev.herald.dialects.ks3;

import dev.herald.dialects.SignatureLimits;
import com.ksyun.ks3.http.HttpMethod;
import com.ksyun.ks3.service.Ks3ClientConfig;
import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpRequestView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.herald.dialects.ks3.Ks3Requests.CAPTURED_AT;
import static dev.herald.dialects.ks3.Ks3Requests.HEAD_V2;
import static dev.herald.dialects.ks3.Ks3Requests.SDK_ACCESS_KEY;
import static dev.herald.dialects.ks3.Ks3Requests.SDK_SECRET_KEY;
import static dev.herald.dialects.ks3.Ks3Requests.capture;
import static dev.herald.dialects.ks3.Ks3Requests.sdkSigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ks3RequestSignerTest {
    private static final String RULES = "{\"Notifications\":[{\"RuleId\":\"images\",\"Events\":[\"ks3:ObjectCreated:PutObject\"],"
            + "\"Destinations\":[{\"DestType\":\"Endpoint\",\"CallbackUrl\":\"http://127.0.0.1:9999/ks3\"}]}]}";

    /** The KS3 Java SDK's captured V2 request, its Authorization removed: signing it again gives it back. */
    @Test
    void signsTheSdkCaptureByteForByte() {
        HttpRequestView head = capture(HEAD_V2);
        assertThat(Ks3RequestSigner.authorization(head.withoutHeader("Authorization"), "my-bucket", SDK_ACCESS_KEY, SDK_SECRET_KEY))
                .isEqualTo("KSS AKKS3TEST0000000:pZeg2pUO6x8nmErP8rtV+rmTIYM=");
    }

    /** The SDK's own V2 signer over ?notification calls with a body and without. */
    @ParameterizedTest
    @EnumSource(value = HttpMethod.class, names = {"PUT", "GET", "DELETE"})
    void signsNotificationCallsAsTheSdkSignerDoes(HttpMethod method) {
        HttpRequestView bySdk = sdkSigned(method, "my-bucket", method == HttpMethod.PUT ? RULES : "",
                Ks3ClientConfig.SignerVersion.V2, SDK_ACCESS_KEY, SDK_SECRET_KEY, CAPTURED_AT);
        assertThat(Ks3RequestSigner.authorization(bySdk.withoutHeader("Authorization"), "my-bucket", SDK_ACCESS_KEY, SDK_SECRET_KEY))
                .isEqualTo(bySdk.header("Authorization"));
    }

    @Test
    void whatItSignsHeraldVerifies() {
        Credential credential = new Credential("ak-1", "sk-1", List.of("*"));
        HttpRequestView put = HttpRequestView.of("PUT", "/photos", "notification", Map.of(
                "Host", "127.0.0.1:9100", "Date", "Sun, 22 Nov 2026 13:48:58 GMT", "Content-Type", "application/json",
                "x-kss-meta-note", "signed too"), RULES);
        HttpRequestView signed = put.withHeader("Authorization", Ks3RequestSigner.authorization(put, "photos", "ak-1", "sk-1"));
        assertThat(Ks3Auth.verify(signed, "photos", ak -> Optional.of(credential).filter(c -> c.accessKey().equals(ak)),
                Clock.fixed(CAPTURED_AT, ZoneOffset.UTC), SignatureLimits.DEFAULT)).isEqualTo(credential);
    }

    @Test
    void aRequestWithoutDateCannotBeSigned() {
        HttpRequestView undated = HttpRequestView.of("GET", "/photos", "notification", Map.of("Host", "h"), "");
        assertThatThrownBy(() -> Ks3RequestSigner.authorization(undated, "photos", "ak", "sk"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Date");
    }
}
