package dev.herald.sidecar.cli;

import dev.herald.dialects.ConfigApiClient;
import dev.herald.dialects.bos.BosConfigApiClient;
import dev.herald.dialects.ks3.Ks3ConfigApiClient;
import dev.herald.dialects.qingstor.QingStorConfigApiClient;

/** The vendor config APIs Herald serves; constants named as they are typed on the command line. */
enum Dialect {
    bos(new BosConfigApiClient()),
    qingstor(new QingStorConfigApiClient()),
    ks3(new Ks3ConfigApiClient());

    final ConfigApiClient client;

    Dialect(ConfigApiClient client) {
        this.client = client;
    }
}
