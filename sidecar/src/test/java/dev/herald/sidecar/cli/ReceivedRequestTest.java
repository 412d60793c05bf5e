package dev.herald.sidecar.cli;

import dev.herald.dialects.HttpRequestView;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReceivedRequestTest {

    @Test
    void printsTheSignatureHeadersInTheirOrderAndIndentsJson() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("127.0.0.1:8080"));
        headers.put("Content-Type", List.of("application/cloudevents+json"));
        headers.put("ce-id", List.of("e1"));
        headers.put("webhook-id", List.of("d1"));
        headers.put("webhook-signature", List.of("v1,abc"));
        headers.put("User-Agent", List.of("Herald/0.1.0"));
        headers.put("X-Herald-Attempt", List.of("2"));
        HttpRequestView request = new HttpRequestView("POST", "/bus", "a=1", headers, "{\"id\":\"e1\",\"data\":[1]}".getBytes());

        assertThat(ReceivedRequest.format(request, headers, Optional.of("valid"))).isEqualTo("""
                POST /bus?a=1
                  Content-Type: application/cloudevents+json
                  ce-id: e1
                  webhook-id: d1
                  webhook-signature: v1,abc
                  X-Herald-Attempt: 2
                  signature: valid
                {
                  "id": "e1",
                  "data": [
                    1
                  ]
                }

                """);
    }

    @Test
    void printsOtherBodiesAsTheyCameAndSaysWhenThereIsNone() {
        Map<String, List<String>> headers = Map.of("Authorization", List.of("KSS ak:sig"));
        assertThat(ReceivedRequest.format(new HttpRequestView("PUT", "/ks3", null, headers, "not json".getBytes()), headers,
                Optional.empty())).isEqualTo("PUT /ks3\n  Authorization: KSS ak:sig\nnot json\n\n");
        assertThat(ReceivedRequest.format(new HttpRequestView("GET", "/", null, Map.of(), new byte[0]), Map.of(),
                Optional.empty())).isEqualTo("GET /\n(no body)\n\n");
    }
}
