package dev.herald.dialects.bos;

import dev.herald.dialects.CompiledRules;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.RuleMatches;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bucket's enabled BOS rules with their resources parsed once. Immutable, so one instance
 * serves every delivery thread. An event yields one push per matching (rule, app), in rule order.
 */
final class CompiledBosRules implements CompiledRules {
    private final String bucket;
    private final List<Rule> rules;
    private final BosPushRenderer renderer;

    private record Rule(BosNotifications.Rule rule, List<BosResource> resources) {
        boolean matches(String eventType, String key) {
            return rule.events().stream().anyMatch(e -> BosEventTypes.subscribes(e, eventType))
                    && resources.stream().anyMatch(r -> r.matches(key));
        }
    }

    CompiledBosRules(String bucket, BosNotifications notifications, BosPushRenderer renderer) {
        this.bucket = bucket;
        this.renderer = renderer;
        // Disabled rules never match, so they are not compiled at all.
        this.rules = notifications.notifications().stream()
                .filter(BosNotifications.Rule::enabled)
                .map(r -> new Rule(r, r.resources().stream().map(res -> BosResource.parse(bucket, res)).toList()))
                .toList();
    }

    @Override
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    @Override
    public RuleMatches match(ObjectEvent event) {
        Optional<BosEventTypes.Row> type = BosEventTypes.forEvent(event.eventName());
        if (type.isEmpty() || !event.bucket().equals(bucket)) {
            return RuleMatches.NONE;
        }
        List<BosNotifications.Rule> matched = new ArrayList<>(1);
        for (Rule compiled : rules) {
            if (compiled.matches(type.get().eventType(), event.key())) {
                matched.add(compiled.rule());
            }
        }
        return matched.isEmpty() ? RuleMatches.NONE : new Matched(type.get(), matched);
    }

    private final class Matched implements RuleMatches {
        private final BosEventTypes.Row type;
        private final List<BosNotifications.Rule> rules;

        Matched(BosEventTypes.Row type, List<BosNotifications.Rule> rules) {
            this.type = type;
            this.rules = rules;
        }

        @Override
        public List<OutboundPush> render(ObjectEvent event) {
            List<OutboundPush> pushes = new ArrayList<>();
            for (BosNotifications.Rule rule : rules) {
                for (int i = 0; i < rule.apps().size(); i++) {
                    pushes.add(push(event, type, rule, i));
                }
            }
            return pushes;
        }
    }

    private OutboundPush push(ObjectEvent event, BosEventTypes.Row type, BosNotifications.Rule rule, int appIndex) {
        BosNotifications.App app = rule.apps().get(appIndex);
        return new OutboundPush(BosPushRenderer.deliveryId(event, rule.id(), appIndex, app.deliveryUrl()),
                BosDialect.ID, bucket, rule.id(), app.deliveryUrl(), "POST", BosDialect.CONTENT_TYPE,
                renderer.render(event, type, rule.id(), app.xVars()), rule.signingKey(), BosPushRenderer.eventId(event));
    }
}
