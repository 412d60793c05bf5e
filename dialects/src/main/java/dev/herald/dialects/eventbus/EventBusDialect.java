package dev.herald.dialects.eventbus;

import dev.herald.dialects.CompiledRules;
import dev.herald.dialects.NotificationDialect;


/**
 * How bus deliveries are attempted. Bus rules come from the config file, not from a config API,
 * so nothing is compiled from stored rules; the CloudEvents headers travel with each push
 * ({@link dev.herald.dialects.OutboundPush#headers()}). Any 2xx is success, as for CloudEvents HTTP sinks.
 */
public final class EventBusDialect implements NotificationDialect {

    @Override
    public String id() {
        return CloudEventsRendering.DIALECT_ID;
    }

    @Override
    public CompiledRules compile(String bucket, String storedRulesJson) {
        return CompiledRules.NONE;
    }
}
