package dev.herald.dialects.ks3;

import dev.herald.dialects.CompiledRules;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.RuleMatches;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bucket's KS3 rules ready for routing. Immutable, so one instance serves every delivery thread.
 * Every rule that covers the event fires, to each of its destinations in order, with its
 * {@code Method}; each push carries the same body apart from {@code configurationId}.
 */
final class CompiledKs3Rules implements CompiledRules {
    private final String bucket;
    private final List<Ks3Notifications.Rule> rules;

    CompiledKs3Rules(String bucket, Ks3Notifications notifications) {
        this.bucket = bucket;
        this.rules = notifications.rules();
    }

    @Override
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    @Override
    public RuleMatches match(ObjectEvent event) {
        Optional<String> ks3Event = Ks3EventNames.forCanonical(event.eventName());
        if (ks3Event.isEmpty() || !event.bucket().equals(bucket)) {
            return RuleMatches.NONE;
        }
        List<Ks3Notifications.Rule> matched = rules.stream().filter(r -> r.covers(ks3Event.get(), event.key())).toList();
        return matched.isEmpty() ? RuleMatches.NONE : new Matched(ks3Event.get(), matched);
    }

    private final class Matched implements RuleMatches {
        private final String ks3Event;
        private final List<Ks3Notifications.Rule> rules;

        Matched(String ks3Event, List<Ks3Notifications.Rule> rules) {
            this.ks3Event = ks3Event;
            this.rules = rules;
        }

        @Override
        public List<OutboundPush> render(ObjectEvent event) {
            List<OutboundPush> pushes = new ArrayList<>();
            for (Ks3Notifications.Rule rule : rules) {
                byte[] body = Ks3PushRenderer.render(event, ks3Event, rule.ruleId());
                for (int i = 0; i < rule.callbackUrls().size(); i++) {
                    String url = rule.callbackUrls().get(i);
                    pushes.add(new OutboundPush(Ks3PushRenderer.deliveryId(event, rule.ruleId(), i, url), Ks3Dialect.ID,
                            bucket, rule.ruleId(), url, rule.method(), Ks3Dialect.CONTENT_TYPE, body,
                            null, Ks3PushRenderer.eventId(event)));
                }
            }
            return pushes;
        }
    }
}
