package dev.herald.harness.kafka;

import java.nio.file.Path;

/**
 * The {@code server.properties} of a test broker: one KRaft node that is its own controller, on
 * loopback, tuned to start fast and to stay small rather than to be durable or quick under load.
 */
final class BrokerProperties {
    private BrokerProperties() {
    }

    static String render(int clientPort, int controllerPort, Path dataDir) {
        String client = "PLAINTEXT://127.0.0.1:" + clientPort;
        String controller = "CONTROLLER://127.0.0.1:" + controllerPort;
        return """
                # Written by dev.herald.harness.kafka.KafkaBroker for a test.
                process.roles=broker,controller
                node.id=1
                # A dynamic (KIP-853) quorum of this one node, formatted with StorageTool --standalone.
                controller.quorum.bootstrap.servers=127.0.0.1:%2$d
                listeners=%3$s,%4$s
                advertised.listeners=%3$s,%4$s
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%5$s

                # One replica of everything: there is no second broker.
                default.replication.factor=1
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                # Internal topics get one partition instead of 50: creating 50 on the first group join
                # or transaction costs seconds on a small machine, and one coordinator is enough here.
                offsets.topic.num.partitions=1
                transaction.state.log.num.partitions=1
                share.coordinator.state.topic.num.partitions=1
                num.partitions=1
                # A group's first member is assigned at once instead of after 3 s.
                group.initial.rebalance.delay.ms=0
                # After a kill -9 the restarted broker is refused (DUPLICATE_BROKER_REGISTRATION) until
                # the killed incarnation's session expires: 3 s instead of 9 s. Heartbeats every 0.5 s
                # keep a live broker from being fenced unless its JVM stalls that long.
                broker.session.timeout.ms=3000
                broker.heartbeat.interval.ms=500

                # Small segments and a small cleaner buffer (the default dedupe buffer alone is 128 MiB
                # of heap); the cleaner looks for work every 0.5 s so compaction happens within a test.
                log.segment.bytes=1048576
                log.index.size.max.bytes=1048576
                log.cleaner.dedupe.buffer.size=8388608
                log.cleaner.backoff.ms=500
                # Fewer threads than the defaults sized for a server.
                num.network.threads=2
                num.io.threads=2
                background.threads=2
                num.recovery.threads.per.data.dir=1
                """.formatted(clientPort, controllerPort, client, controller,
                        dataDir.toAbsolutePath().toString().replace("\\", "\\\\")); // a backslash escapes in .properties
    }
}
