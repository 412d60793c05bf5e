package dev.herald.sidecar.bus;

import dev.herald.dialects.bos.BceErrorReply;
import dev.herald.dialects.bos.BosErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BusPushEndpointTest {
    @Test
    void everyBceErrorOfThePushApiHasItsRefusalReason() {
        assertThat(reason(BosErrorCode.ACCESS_DENIED)).isEqualTo("auth");
        assertThat(reason(BosErrorCode.SIGNATURE_DOES_NOT_MATCH)).as("400, but a signature").isEqualTo("auth");
        assertThat(reason(BosErrorCode.REQUEST_EXPIRED)).isEqualTo("auth");
        assertThat(reason(BosErrorCode.INVALID_ACCESS_KEY_ID)).isEqualTo("auth");
        assertThat(reason(BosErrorCode.MALFORMED_JSON)).isEqualTo("undecodable");
        assertThat(reason(BosErrorCode.INVALID_ARGUMENT)).isEqualTo("undecodable");
        assertThat(reason(BosErrorCode.SERVICE_UNAVAILABLE)).isEqualTo("store");
        assertThat(reason(BosErrorCode.INTERNAL_ERROR)).isEqualTo("internal");
        assertThat(reason(BosErrorCode.METHOD_NOT_ALLOWED)).as("not a push at all").isNull();
    }

    private static String reason(BosErrorCode code) {
        return BusPushEndpoint.refusalReason(BceErrorReply.of(code, "m", "req-1"));
    }
}
