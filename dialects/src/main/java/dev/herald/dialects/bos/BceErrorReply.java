package dev.herald.dialects.bos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.HttpReply;

import java.util.Map;

/**
 * The BCE JSON error answer shared by every BCE-style API Herald serves (BOS, the event bus):
 * {@code {"code","message","requestId"}} with the code's HTTP status and the same id in
 * {@code x-bce-request-id}.
 */
public final class BceErrorReply {
    public static final String REQUEST_ID_HEADER = "x-bce-request-id";

    private BceErrorReply() {
    }

    public static HttpReply of(BosErrorCode error, String message, String requestId) {
        ObjectNode body = BosJson.MAPPER.createObjectNode()
                .put("code", error.code())
                .put("message", message)
                .put("requestId", requestId);
        return HttpReply.json(error.httpStatus(), body.toString(), Map.of(REQUEST_ID_HEADER, requestId));
    }
}
