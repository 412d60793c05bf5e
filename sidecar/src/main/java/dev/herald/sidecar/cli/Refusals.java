package dev.herald.sidecar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.dialects.ConfigApiClient.Refusal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What to tell the operator when Herald answers with an error. */
final class Refusals {
    private static final Pattern TITLE = Pattern.compile("<title>([^<]*)</title>", Pattern.CASE_INSENSITIVE);

    private Refusals() {
    }

    /**
     * {@code refused by Herald: 400 InvalidArgument: ...}: the vendor's code and message when the
     * body is that vendor's error, else Herald's own {@code {"error","reason"}}, else the body's first line.
     */
    static CliException refused(HeraldHttp.Reply reply, Optional<Refusal> vendorError) {
        String detail = vendorError.map(r -> r.code() + ": " + r.message())
                .or(() -> heraldError(reply))
                .orElseGet(() -> htmlTitle(reply).orElseGet(() -> reply.text().lines().findFirst().orElse("(no body)")));
        return CliException.failed("refused by Herald: " + reply.status() + " " + detail);
    }

    /** A refusal of Herald's own routes (ingest, admin). */
    static CliException refused(HeraldHttp.Reply reply) {
        return refused(reply, Optional.empty());
    }

    /** Jetty answers protocol errors (a malformed path, say) with an HTML page whose title says what it was. */
    private static Optional<String> htmlTitle(HeraldHttp.Reply reply) {
        Matcher title = TITLE.matcher(reply.text());
        return title.find() ? Optional.of(title.group(1).trim()) : Optional.empty();
    }

    private static Optional<String> heraldError(HeraldHttp.Reply reply) {
        return Json.parse(reply.body())
                .filter(n -> n.path("error").isTextual())
                .map(n -> n.get("error").asText() + reasonOf(n));
    }

    private static String reasonOf(JsonNode error) {
        return error.path("reason").isTextual() ? ": " + error.get("reason").asText() : "";
    }
}
