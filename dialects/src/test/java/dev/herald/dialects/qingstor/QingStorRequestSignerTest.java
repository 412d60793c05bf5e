package dev.herald.dialects.qingstor;

import dev.herald.dialects.SignatureLimits;
import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpRequestView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_ACCESS_KEY;
import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_DELETE;
import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_GET;
import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_PUT;
import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_SECRET_KEY;
import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_SIGNED_AT;
import static dev.herald.dialects.qingstor.QingStorFixtures.capture;
import static dev.herald.dialects.qingstor.QingStorFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QingStorRequestSignerTest {
    private static final String GO_QS_DATE = "Mon, 01 Jan 0001 00:00:00 GMT";

    /** The QingStor Java SDK's own requests, their Authorization removed: signing them again gives it back. */
    @ParameterizedTest
    @ValueSource(strings = {SDK_PUT, SDK_GET, SDK_DELETE})
    void signsTheSdkCapturesByteForByte(String name) {
        HttpRequestView sent = capture(name);
        String signed = QingStorRequestSigner.authorization(sent.withoutHeader("Authorization"), SDK_ACCESS_KEY, SDK_SECRET_KEY);
        assertThat(signed).isEqualTo(sent.header("Authorization"));
    }

    /** vendors.md §2.5: go-qs's test vectors, with Date and with X-QS-Date (which empties the Date line). */
    @Test
    void signsTheGoQsVectors() {
        Map<String, String> headers = new TreeMap<>(Map.of("X-QS-Test-2", "Test 2", "X-QS-Test-1", "Test 1"));
        headers.put("Date", GO_QS_DATE);
        HttpRequestView request = HttpRequestView.of("GET", "/",
                "acl&upload_id=fde133b5f6d932cd9c79bac3c7318da1&part_number=0&other=abc", headers, "");
        assertThat(QingStorRequestSigner.authorization(request, "ENV_ACCESS_KEY_ID", "ENV_SECRET_ACCESS_KEY"))
                .isEqualTo("QS ENV_ACCESS_KEY_ID:bvglZF9iMOv1RaCTxPYWxexmt1UN2m5WKngYnhDEp2c=");
        assertThat(QingStorRequestSigner.authorization(request.withHeader("X-QS-Date", GO_QS_DATE),
                "ENV_ACCESS_KEY_ID", "ENV_SECRET_ACCESS_KEY"))
                .isEqualTo("QS ENV_ACCESS_KEY_ID:qkY+tOMdqfDAVv+ZBtlWeEBxlbyIKaQmj5lQlylENzo=");
    }

    @Test
    void whatItSignsHeraldVerifies() {
        Credential credential = new Credential("ak-1", "sk-1", List.of("*"));
        HttpRequestView put = request("PUT", "/photos", "{\"notifications\":[]}", SDK_SIGNED_AT);
        HttpRequestView signed = put.withHeader("Authorization", QingStorRequestSigner.authorization(put, "ak-1", "sk-1"));
        assertThat(QingStorAuth.verify(signed, "photos", false, ak -> Optional.of(credential).filter(c -> c.accessKey().equals(ak)),
                Clock.fixed(SDK_SIGNED_AT, ZoneOffset.UTC), SignatureLimits.DEFAULT)).isEqualTo(credential);
    }

    @Test
    void aRequestWithoutItsTimeCannotBeSigned() {
        HttpRequestView undated = request("GET", "/photos", "", Instant.EPOCH).withoutHeader("Date");
        assertThatThrownBy(() -> QingStorRequestSigner.authorization(undated, "ak", "sk"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Date or X-QS-Date");
    }
}
