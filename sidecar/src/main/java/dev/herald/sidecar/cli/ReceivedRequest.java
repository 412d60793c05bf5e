package dev.herald.sidecar.cli;

import dev.herald.dialects.HttpRequestView;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** How {@code herald receive} prints a request: request line, the signature-related headers, the body. */
final class ReceivedRequest {
    private static final List<String> HEADERS = List.of("authorization", "content-type");
    private static final List<String> HEADER_PREFIXES = List.of("x-bce-", "webhook-", "x-herald-", "ce-");

    private ReceivedRequest() {
    }

    /**
     * The printed form, ending with a blank line.
     *
     * @param signature the signature check's verdict line, when one was asked for
     */
    static String format(HttpRequestView request, Map<String, List<String>> headersInOrder, Optional<String> signature) {
        StringBuilder out = new StringBuilder();
        out.append(request.method()).append(' ').append(request.rawPath())
                .append(request.rawQuery() == null ? "" : "?" + request.rawQuery()).append('\n');
        headersInOrder.forEach((name, values) -> {
            if (shown(name)) {
                values.forEach(v -> out.append("  ").append(name).append(": ").append(v).append('\n'));
            }
        });
        signature.ifPresent(verdict -> out.append("  signature: ").append(verdict).append('\n'));
        byte[] body = request.body();
        if (body.length == 0) {
            out.append("(no body)\n");
        } else {
            out.append(Json.parse(body).map(Json::pretty).orElseGet(() -> new String(body, StandardCharsets.UTF_8)))
                    .append('\n');
        }
        return out.append('\n').toString();
    }

    private static boolean shown(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return HEADERS.contains(n) || HEADER_PREFIXES.stream().anyMatch(n::startsWith);
    }
}
