package dev.herald.sidecar.routing;

import dev.herald.dialects.RuleRepository;
import dev.herald.dialects.bos.BosDialect;
import dev.herald.dialects.bos.BosErrorCode;
import dev.herald.dialects.bos.BosException;
import dev.herald.dialects.ks3.Ks3Dialect;
import dev.herald.dialects.ks3.Ks3ErrorCode;
import dev.herald.dialects.ks3.Ks3Exception;
import dev.herald.dialects.qingstor.QingStorDialect;
import dev.herald.dialects.qingstor.QingStorErrorCode;
import dev.herald.dialects.qingstor.QingStorException;
import dev.herald.sidecar.config.CredentialLimits;
import dev.herald.sidecar.storage.RuleQuota;

import java.util.Optional;

/**
 * The rules as one vendor API request sees them: what it saves counts against the access key
 * that signed it, and a save over that key's {@code credentialLimits} is refused with the
 * dialect's own "too many" error, which its API answers like any other refusal.
 */
public final class QuotaRules implements RuleRepository {
    private final Rules rules;
    private final SigningCredential signer;
    private final CredentialLimits limits;

    public QuotaRules(Rules rules, SigningCredential signer, CredentialLimits limits) {
        this.rules = rules;
        this.signer = signer;
        this.limits = limits;
    }

    @Override
    public Optional<String> load(String bucket, String dialect) {
        return rules.load(bucket, dialect);
    }

    @Override
    public void save(String bucket, String dialect, String rulesJson) {
        String owner = signer.accessKey();
        if (owner == null) {
            throw new IllegalStateException("a vendor API saved rules before it checked a signature");
        }
        rules.save(bucket, dialect, rulesJson, new RuleQuota(owner, limits.maxBuckets(), limits.maxRules()))
                .ifPresent(reason -> {
                    throw tooMany(dialect, reason);
                });
    }

    @Override
    public void delete(String bucket, String dialect) {
        rules.delete(bucket, dialect);
    }

    private static RuntimeException tooMany(String dialect, String reason) {
        return switch (dialect) {
            case BosDialect.ID -> new BosException(BosErrorCode.TOO_MANY_RULES, reason);
            case QingStorDialect.ID -> new QingStorException(QingStorErrorCode.TOO_MANY_RULES, reason);
            case Ks3Dialect.ID -> new Ks3Exception(Ks3ErrorCode.TooManyRules, reason);
            default -> new IllegalStateException(reason);
        };
    }
}
