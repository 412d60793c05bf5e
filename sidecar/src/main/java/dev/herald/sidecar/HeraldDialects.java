package dev.herald.sidecar;

import dev.herald.dialects.NotificationDialect;
import dev.herald.dialects.VendorConfigApi;
import dev.herald.dialects.bos.BosConfigApi;
import dev.herald.dialects.bos.BosDialect;
import dev.herald.dialects.bos.BosSettings;
import dev.herald.dialects.eventbus.EventBusDialect;
import dev.herald.dialects.ks3.Ks3ConfigApi;
import dev.herald.dialects.ks3.Ks3Dialect;
import dev.herald.dialects.qingstor.QingStorConfigApi;
import dev.herald.dialects.qingstor.QingStorDialect;
import dev.herald.dialects.qingstor.QingStorSettings;
import dev.herald.sidecar.config.ConfigException;
import dev.herald.sidecar.config.HeraldConfig;

import java.net.URI;
import java.util.List;

/**
 * The vendor dialects this Herald speaks, built from {@code dialects.*}: the one place that names
 * them. The rest of the service works with the list, the config APIs and the QingStor dialect its
 * cloudfunc runner needs.
 *
 * @param configApis in the order their path-style claims are tried
 */
record HeraldDialects(List<NotificationDialect> all, List<VendorConfigApi> configApis, QingStorDialect qingstor) {

    static HeraldDialects from(HeraldConfig.Dialects config) {
        HeraldConfig.Bos bos = config.bos();
        BosSettings bosSettings = new BosSettings(bos.domain(), bos.appUrls(), bos.hostSuffix());
        HeraldConfig.QingStor qs = config.qingstor();
        QingStorSettings qsSettings;
        try {
            qsSettings = new QingStorSettings(qs.zoneId(),
                    qs.moderationEndpoint() == null ? null : URI.create(qs.moderationEndpoint()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        QingStorDialect qingstor = new QingStorDialect(qsSettings);
        return new HeraldDialects(List.of(new BosDialect(bosSettings), new Ks3Dialect(), qingstor, new EventBusDialect()),
                List.of(new BosConfigApi(bosSettings), new Ks3ConfigApi(config.ks3().hostSuffix()),
                        new QingStorConfigApi(qsSettings, qs.hostSuffix())),
                qingstor);
    }
}
