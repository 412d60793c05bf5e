package dev.herald.sidecar.cli;

import dev.herald.dialects.Credential;
import dev.herald.dialects.HttpRequestView;
import dev.herald.sidecar.config.HeraldConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** {@code herald rules put|get|delete}: a bucket's rules through the vendor API, signed as the vendor's SDK signs. */
@Command(name = "rules",
        description = {"Put, get or delete a bucket's notification rules, signed as the vendor's SDK signs.",
                "Uses the vendor config API Herald serves (BOS, QingStor or KS3) with that vendor's signature: "
                        + "bce-auth-v1, QS or KSS. Credentials: --access-key/--secret-key, or else the first entry of "
                        + "credentials: in the config."},
        subcommands = {RulesCommand.Put.class, RulesCommand.Get.class, RulesCommand.Delete.class},
        footer = {"", "Examples:",
                "  herald rules put --dialect bos --bucket photos --file rules.json",
                "  herald rules get --dialect qingstor --bucket photos",
                "  herald rules delete --dialect ks3 --bucket photos --config my.yaml"})
public final class RulesCommand {
    @Mixin
    HelpOption help;

    /** What the three calls share: where, which vendor, which bucket, whose key. */
    abstract static class RuleCall extends CliCommand {
        /** What every vendor allows in a bucket name, and what a path carries without escaping. */
        private static final Pattern BUCKET_NAME = Pattern.compile("[A-Za-z0-9._-]+");

        @Mixin
        HeraldConnection connection;

        @Option(names = "--dialect", required = true, paramLabel = "DIALECT",
                description = "the vendor API to use: ${COMPLETION-CANDIDATES} (required)")
        Dialect dialect;

        @Option(names = "--bucket", required = true, paramLabel = "BUCKET", description = "the bucket (required)")
        String bucket;

        @Option(names = "--access-key", paramLabel = "AK",
                description = "access key to sign with (default: the first credential of the config)")
        String accessKey;

        @Option(names = "--secret-key", paramLabel = "SK", description = "its secret key; never printed")
        String secretKey;

        /** Sends the signed call; a refusal becomes the vendor's code and message. */
        HeraldHttp.Reply send(String method, byte[] body) {
            if (!BUCKET_NAME.matcher(bucket).matches()) {
                throw CliException.usage("'" + bucket + "' is not a bucket name (letters, digits, '.', '-' and '_')");
            }
            Credential credential = credential();
            URI endpoint = connection.endpoint();
            HttpRequestView request = dialect.client.request(method, bucket, body, HeraldHttp.hostHeader(endpoint),
                    credential, Instant.now());
            HeraldHttp.Reply reply = new HeraldHttp(endpoint).send(request);
            if (!reply.ok()) {
                throw Refusals.refused(reply, dialect.client.refusal(reply.body()));
            }
            return reply;
        }

        private Credential credential() {
            if ((accessKey == null) != (secretKey == null)) {
                throw CliException.usage("--access-key and --secret-key go together");
            }
            if (accessKey != null) {
                return new Credential(accessKey, secretKey, List.of("*"));
            }
            List<HeraldConfig.CredentialEntry> entries = connection.config().credentials();
            if (entries.isEmpty()) {
                throw CliException.usage("no credential: pass --access-key and --secret-key, or list one under "
                        + "credentials: in " + connection.configPath());
            }
            HeraldConfig.CredentialEntry first = entries.getFirst();
            return new Credential(first.accessKey(), first.secretKey(), first.buckets());
        }

        String rulesOf() {
            return dialect + " notification rules of bucket " + bucket;
        }
    }

    @Command(name = "put", sortOptions = false,
            description = "Replace the bucket's rules of that dialect with a rules document (JSON, as the vendor "
                    + "documents it: BOS {\"notifications\":[...]}, QingStor {\"notifications\":[...]}, "
                    + "KS3 {\"Notifications\":[...]}).",
            footer = {"", "Example:", "  herald rules put --dialect bos --bucket photos --file rules.json"})
    static final class Put extends RuleCall {
        @Option(names = "--file", paramLabel = "FILE", defaultValue = "-",
                description = "the rules document; - reads standard input (default: ${DEFAULT-VALUE})")
        String file;

        @Override
        int run() {
            send("PUT", document());
            out().println(rulesOf() + " replaced");
            return 0;
        }

        private byte[] document() {
            byte[] body;
            try {
                body = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
            } catch (IOException e) {
                throw CliException.usage("cannot read the rules document " + file + ": " + e.getMessage());
            }
            if (body.length == 0) {
                throw CliException.usage("the rules document " + file + " is empty");
            }
            return body;
        }
    }

    @Command(name = "get", sortOptions = false,
            description = "Print the bucket's rules of that dialect as Herald stores them (JSON, indented).",
            footer = {"", "Example:", "  herald rules get --dialect qingstor --bucket photos"})
    static final class Get extends RuleCall {
        @Override
        int run() {
            HeraldHttp.Reply reply = send("GET", new byte[0]);
            out().println(Json.parse(reply.body()).map(Json::pretty).orElseGet(reply::text));
            return 0;
        }
    }

    @Command(name = "delete", sortOptions = false,
            description = "Delete all the bucket's rules of that dialect.",
            footer = {"", "Example:", "  herald rules delete --dialect ks3 --bucket photos"})
    static final class Delete extends RuleCall {
        @Override
        int run() {
            send("DELETE", new byte[0]);
            out().println(rulesOf() + " deleted");
            return 0;
        }
    }
}
