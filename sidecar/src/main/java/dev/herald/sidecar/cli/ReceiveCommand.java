package dev.herald.sidecar.cli;

import dev.herald.dialects.HttpRequestView;
import dev.herald.dialects.bos.BosPushVerifier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.InputStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** {@code herald receive}: a small HTTP receiver to point rules at while trying things out. */
@Command(name = "receive", sortOptions = false,
        description = {"Print the HTTP requests (Herald's pushes) it receives, to try rules out.",
                "Prints each request's method, path and query, the signature-related headers (Authorization, "
                        + "x-bce-*, webhook-*, X-Herald-*, ce-*, Content-Type) and the body, indented when it is JSON. "
                        + "Answers every request with --status. Runs until interrupted (Ctrl-C).",
                "With --verify-bos-key it checks each request's BOS push signature (bce-auth-v1 with the rule's "
                        + "encryption.key) and prints 'signature: valid' or 'signature: INVALID (why)'."},
        footer = {"", "Examples:",
                "  herald receive --port 8080",
                "  herald receive --port 8080 --verify-bos-key 0123456789abcdef0123456789abcdef",
                "  herald receive --port 8080 --status 500   # fails everything: watch the retries"})
public final class ReceiveCommand extends CliCommand {
    @Option(names = "--port", required = true, paramLabel = "N",
            description = "TCP port to listen on; 0 picks a free one (required)")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "address to listen on (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--status", paramLabel = "CODE", defaultValue = "200",
            description = "HTTP status to answer with (default: ${DEFAULT-VALUE})")
    int status;

    @Option(names = "--verify-bos-key", paramLabel = "KEY",
            description = "check BOS push signatures with this secret (the rule's encryption.key); never printed")
    String bosKey;

    @Override
    int run() throws Exception {
        if (status < 200 || status > 599) {
            throw CliException.usage("--status must be a final HTTP status (200 to 599), not " + status);
        }
        // Jetty's own start-up lines would only get in the way of the requests printed.
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", System.getProperty(
                "org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn"));
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Printer(out()));
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw CliException.failed("cannot listen on " + host + ":" + port + ": "
                    + (e instanceof BindException || e.getCause() instanceof BindException ? "address already in use"
                    : e.getMessage()));
        }
        out().println("listening on http://" + host + ":" + connector.getLocalPort() + ", answering " + status
                + (bosKey == null ? "" : ", checking BOS push signatures") + "; Ctrl-C stops");
        boolean interrupted = false;
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException stop) {
            interrupted = true;
        } finally {
            // Not while interrupted: Jetty's stop waits for its threads.
            server.stop();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Prints each request whole (one request's lines never interleave with another's) and answers it. */
    private final class Printer extends Handler.Abstract {
        private final PrintWriter out;

        Printer(PrintWriter out) {
            this.out = out;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            byte[] body;
            try (InputStream in = Content.Source.asInputStream(request)) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (HttpField f : request.getHeaders()) {
                headers.computeIfAbsent(f.getName(), k -> new ArrayList<>()).add(f.getValue());
            }
            HttpRequestView view = new HttpRequestView(request.getMethod(), request.getHttpURI().getPath(),
                    request.getHttpURI().getQuery(), headers, body);
            Optional<String> verdict = Optional.ofNullable(bosKey).map(key -> BosPushVerifier.problem(view, key,
                    Clock.systemUTC()).map(why -> "INVALID (" + why + ")").orElse("valid"));
            String printed = ReceivedRequest.format(view, headers, verdict);
            synchronized (out) {
                out.print(printed);
                out.flush();
            }
            response.setStatus(status);
            response.getHeaders().put("Content-Length", 0);
            response.write(true, null, callback);
            return true;
        }
    }
}
