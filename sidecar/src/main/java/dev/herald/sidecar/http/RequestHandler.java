package dev.herald.sidecar.http;

import dev.herald.dialects.HttpReply;

/** Answers the requests of one route. Runs on a virtual thread, so it may block on the store. */
@FunctionalInterface
public interface RequestHandler {
    HttpReply handle(Exchange exchange);
}
