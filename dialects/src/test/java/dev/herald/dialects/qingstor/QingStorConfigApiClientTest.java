package dev.herald.dialects.qingstor;

import dev.herald.dialects.ConfigApiClient.Refusal;
import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpRequestView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_ACCESS_KEY;
import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_DELETE;
import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_GET;
import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_PUT;
import static dev.herald.dialects.qingstor.QingStorFixtures.SDK_SECRET_KEY;
import static dev.herald.dialects.qingstor.QingStorFixtures.capture;
import static org.assertj.core.api.Assertions.assertThat;

class QingStorConfigApiClientTest {
    private static final Credential SDK = new Credential(SDK_ACCESS_KEY, SDK_SECRET_KEY, List.of("*"));
    private final QingStorConfigApiClient client = new QingStorConfigApiClient();

    /** Same bucket, body, host and second as the QingStor Java SDK's captured calls: the same signed headers. */
    @ParameterizedTest
    @ValueSource(strings = {SDK_PUT, SDK_GET, SDK_DELETE})
    void buildsTheRequestsTheSdkSent(String name) {
        HttpRequestView sdk = capture(name);
        Instant sentAt = ZonedDateTime.parse(sdk.header("Date"), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        HttpRequestView ours = client.request(sdk.method(), "my-bucket", sdk.body(), "127.0.0.1:18084", SDK, sentAt);

        assertThat(ours.rawPath()).isEqualTo("/my-bucket");
        assertThat(ours.rawQuery()).isEqualTo("notification");
        for (String header : List.of("Authorization", "Date", "Content-Type", "Host")) {
            assertThat(ours.header(header)).as(header).isEqualTo(sdk.header(header));
        }
    }

    @Test
    void readsQingStorErrors() {
        String error = "{\"code\":\"invalid_argument\",\"message\":\"event_types is required\",\"request_id\":\"r1\","
                + "\"url\":\"" + QingStorConfigApi.ERROR_DOC_URL + "\"}";
        assertThat(client.refusal(error.getBytes(StandardCharsets.UTF_8)))
                .contains(new Refusal("invalid_argument", "event_types is required"));
        assertThat(client.refusal(new byte[0])).isEmpty();
    }
}
