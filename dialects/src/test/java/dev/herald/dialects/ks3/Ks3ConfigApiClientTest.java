package dev.herald.dialects.ks3;

import dev.herald.dialects.SignatureLimits;
import com.ksyun.ks3.http.HttpMethod;
import com.ksyun.ks3.service.Ks3ClientConfig;
import dev.herald.dialects.ConfigApiClient.Refusal;
import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpRequestView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static dev.herald.dialects.ks3.Ks3Requests.CAPTURED_AT;
import static dev.herald.dialects.ks3.Ks3Requests.ENDPOINT;
import static dev.herald.dialects.ks3.Ks3Requests.SDK_ACCESS_KEY;
import static dev.herald.dialects.ks3.Ks3Requests.SDK_SECRET_KEY;
import static dev.herald.dialects.ks3.Ks3Requests.sdkSigned;
import static org.assertj.core.api.Assertions.assertThat;

class Ks3ConfigApiClientTest {
    private static final Credential SDK = new Credential(SDK_ACCESS_KEY, SDK_SECRET_KEY, List.of("*"));
    private static final String RULES = "{\"Notifications\":[{\"RuleId\":\"images\",\"Events\":[\"ks3:ObjectCreated:PutObject\"],"
            + "\"Destinations\":[{\"DestType\":\"Endpoint\",\"CallbackUrl\":\"http://127.0.0.1:9999/ks3\"}]}]}";
    private final Ks3ConfigApiClient client = new Ks3ConfigApiClient();

    /** The KS3 Java SDK's V2 signer, given the same JSON PUT at the same second, sends the same Authorization. */
    @Test
    void signsAPutAsTheSdkSignerDoes() {
        HttpRequestView sdk = sdkSigned(HttpMethod.PUT, "my-bucket", RULES, Ks3ClientConfig.SignerVersion.V2,
                SDK_ACCESS_KEY, SDK_SECRET_KEY, CAPTURED_AT);
        HttpRequestView ours = client.request("PUT", "my-bucket", RULES.getBytes(StandardCharsets.UTF_8), ENDPOINT, SDK, CAPTURED_AT);

        assertThat(ours.rawPath()).isEqualTo("/my-bucket");
        assertThat(ours.rawQuery()).isEqualTo("notification");
        for (String header : List.of("Authorization", "Date", "Content-Type", "Content-Length")) {
            assertThat(ours.header(header)).as(header).isEqualTo(sdk.header(header));
        }
    }

    /** Without a body there is no Content-Type: the documented string to sign, computed here independently. */
    @ParameterizedTest
    @ValueSource(strings = {"GET", "DELETE"})
    void signsBodilessCallsOverMethodDateAndResource(String method) throws Exception {
        HttpRequestView ours = client.request(method, "my-bucket", new byte[0], ENDPOINT, SDK, CAPTURED_AT);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SDK_SECRET_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String stringToSign = method + "\n\n\nSun, 22 Nov 2026 13:48:58 GMT\n/my-bucket/?notification";

        assertThat(ours.header("Content-Type")).isNull();
        assertThat(ours.header("Authorization")).isEqualTo("KSS " + SDK_ACCESS_KEY + ":"
                + Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8))));
        assertThat(Ks3Auth.verify(ours, "my-bucket", ak -> Optional.of(SDK), Clock.fixed(CAPTURED_AT, ZoneOffset.UTC), SignatureLimits.DEFAULT))
                .isEqualTo(SDK);
    }

    @Test
    void readsKs3XmlErrors() {
        String error = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchBucketNotification</Code>"
                + "<Message>the bucket 'b' has no notification rules</Message><Resource>/b</Resource>"
                + "<RequestId>r1</RequestId></Error>";
        assertThat(client.refusal(error.getBytes(StandardCharsets.UTF_8)))
                .contains(new Refusal("NoSuchBucketNotification", "the bucket 'b' has no notification rules"));
        assertThat(client.refusal("{\"code\":\"x\"}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(client.refusal("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Error><Code>&e;</Code></Error>"
                .getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
