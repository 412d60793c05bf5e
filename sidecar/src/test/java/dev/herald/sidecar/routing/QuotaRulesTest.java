package dev.herald.sidecar.routing;

import dev.herald.dialects.Credential;
import dev.herald.dialects.bos.BosDialect;
import dev.herald.dialects.bos.BosSettings;
import dev.herald.dialects.ks3.Ks3Dialect;
import dev.herald.dialects.ks3.Ks3ErrorCode;
import dev.herald.dialects.ks3.Ks3Exception;
import dev.herald.dialects.qingstor.QingStorDialect;
import dev.herald.dialects.qingstor.QingStorErrorCode;
import dev.herald.dialects.qingstor.QingStorException;
import dev.herald.dialects.qingstor.QingStorSettings;
import dev.herald.sidecar.backend.WiredBuckets;
import dev.herald.sidecar.config.CredentialLimits;
import dev.herald.sidecar.storage.sqlite.SqliteStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A save over the signing key's limits is refused with the dialect's own code, counted over every dialect. */
class QuotaRulesTest {
    private static final String KS3_RULES = """
            {"Notifications":[{"RuleId":"k1","Method":"POST","Events":["ks3:ObjectCreated:*"],
            "Destinations":[{"DestType":"Endpoint","CallbackUrl":"http://127.0.0.1:9/ks3"}]}]}""";
    private static final String QINGSTOR_RULES = """
            {"notifications":[{"id":"q1","event_types":["create_object"],"cloudfunc":"notifier","notify_url":"http://127.0.0.1:9/qs"},
            {"id":"q2","event_types":["delete_object"],"cloudfunc":"notifier","notify_url":"http://127.0.0.1:9/qs"}]}""";

    @TempDir
    Path dir;
    SqliteStorage storage;
    Rules rules;

    @BeforeEach
    void open() {
        Clock clock = Clock.systemUTC();
        storage = SqliteStorage.open(dir, 64, Duration.ofDays(7), clock);
        rules = new Rules(storage.rules(), List.of(new BosDialect(new BosSettings(null, Map.of(), null)), new Ks3Dialect(),
                new QingStorDialect(QingStorSettings.defaults())), clock, 1 << 20, WiredBuckets.NONE);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void eachDialectRefusesWithItsOwnCodeAndNothingIsStored() {
        QuotaRules ak = signedBy("ak", new CredentialLimits(5, 2));
        ak.save("photos", QingStorDialect.ID, QINGSTOR_RULES);
        assertThatThrownBy(() -> ak.save("logs", Ks3Dialect.ID, KS3_RULES)).isInstanceOfSatisfying(Ks3Exception.class,
                e -> assertThat(e.error()).isEqualTo(Ks3ErrorCode.TooManyRules));
        assertThat(rules.load("logs", Ks3Dialect.ID)).isEmpty();
        assertThatThrownBy(() -> ak.save("logs", QingStorDialect.ID, QINGSTOR_RULES)).isInstanceOfSatisfying(
                QingStorException.class, e -> assertThat(e.error()).isEqualTo(QingStorErrorCode.TOO_MANY_RULES));
        assertThat(QingStorErrorCode.TOO_MANY_RULES.code()).isEqualTo("too_many_rules");
        ak.save("photos", QingStorDialect.ID, QINGSTOR_RULES);
        assertThat(rules.compiledFor("photos")).containsKey(QingStorDialect.ID);
    }

    @Test
    void aBucketCountsOnceWhateverItsDialects() {
        QuotaRules ak = signedBy("ak", new CredentialLimits(1, 10));
        ak.save("photos", QingStorDialect.ID, QINGSTOR_RULES);
        ak.save("photos", Ks3Dialect.ID, KS3_RULES);
        assertThatThrownBy(() -> ak.save("logs", Ks3Dialect.ID, KS3_RULES)).isInstanceOf(Ks3Exception.class)
                .hasMessageContaining("would have rules on 2 buckets");
        ak.save("photos", QingStorDialect.ID, "{\"notifications\":[]}");
        ak.save("photos", Ks3Dialect.ID, "{\"Notifications\":[]}");
        ak.save("logs", Ks3Dialect.ID, KS3_RULES);
        assertThat(rules.load("logs", Ks3Dialect.ID)).isPresent();
    }

    @Test
    void aSaveBeforeAnySignatureWasCheckedIsABugNotAFreeSave() {
        QuotaRules nobody = new QuotaRules(rules, new SigningCredential(ak -> Optional.empty()), new CredentialLimits(1, 1));
        assertThatThrownBy(() -> nobody.save("photos", Ks3Dialect.ID, KS3_RULES)).isInstanceOf(IllegalStateException.class);
        assertThat(rules.load("photos", Ks3Dialect.ID)).isEmpty();
    }

    private QuotaRules signedBy(String accessKey, CredentialLimits limits) {
        SigningCredential signer = new SigningCredential(ak -> Optional.of(new Credential(ak, "sk", List.of("*"))));
        signer.find(accessKey);
        return new QuotaRules(rules, signer, limits);
    }
}
