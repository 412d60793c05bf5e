package dev.herald.dialects.bos;

import dev.herald.dialects.HttpRequestView;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BceCanonicalRequestTest {
    private static final HttpRequestView REQUEST = TestRequests.request("get", "/v1/my-bucket/a%20b/%E4%B8%AD+~x.txt",
            "notification&authorization=bce-auth-v1%2Fx&z=1&b=a%2Fb%20c", headers(), "");

    private static Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:18083");
        h.put("Content-Type", "application/json; charset=utf-8");
        h.put("Content-MD5", "  ");
        h.put("X-Bce-Meta-Note", "  hello world ");
        h.put("User-Agent", "bce-sdk-java");
        h.put("Authorization", "bce-auth-v1/x");
        return h;
    }

    @Test
    void theDefaultSetIsHostContentHeadersAndEveryBceHeaderWithAValue() {
        assertThat(BceCanonicalRequest.of(REQUEST, List.of())).isEqualTo("""
                GET
                /v1/my-bucket/a%20b/%E4%B8%AD%2B~x.txt
                b=a%2Fb%20c&notification=&z=1
                content-type:application%2Fjson%3B%20charset%3Dutf-8
                host:127.0.0.1%3A18083
                x-bce-meta-note:hello%20world""");
    }

    @Test
    void anExplicitListSignsOnlyItsHeadersAndNeverAuthorization() {
        assertThat(BceCanonicalRequest.of(REQUEST, List.of("User-Agent", "authorization", "x-bce-absent")))
                .endsWith("\nuser-agent:bce-sdk-java");
    }

    @Test
    void anEmptyPathIsTheRoot() {
        HttpRequestView root = TestRequests.request("POST", "", null, Map.of(), "");
        assertThat(BceCanonicalRequest.of(root, List.of())).isEqualTo("POST\n/\n\n");
    }
}
