package dev.herald.dialects.qingstor;

import dev.herald.dialects.CompiledRules;
import dev.herald.dialects.DeferredJob;
import dev.herald.dialects.ObjectEvent;
import dev.herald.dialects.OutboundPush;
import dev.herald.dialects.RuleMatches;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bucket's QingStor rules ready for routing. Immutable, so one instance serves every thread.
 * Every rule is checked and several may fire (QingStor: "对每个规则逐一进行检查匹配").
 *
 * <p>{@link #match} renders the pushes of {@code notifier} rules only. {@code image} and
 * {@code tupu-porn} rules need work first; {@link #cloudfuncJobs} lists it. Those two only act on
 * created objects (a deleted object cannot be processed), and an {@code image} rule never acts on
 * an object that is an image rule's result — one carrying the
 * {@value QingStorDialect#GENERATED_METADATA} metadata, or, when the rule saves into its own bucket,
 * one whose key starts with its {@code key_prefix + key_seprate} — as each result would otherwise
 * trigger the rule again.
 */
public final class CompiledQingStorRules implements CompiledRules {
    private final String bucket;
    private final String zoneId;
    private final List<QingStorNotifications.Rule> rules;
    /** Parsed once here rather than per event; validated before the rules were stored. */
    private final Map<String, QingStorImageAction> actions;

    CompiledQingStorRules(String bucket, QingStorNotifications notifications, QingStorSettings settings) {
        this.bucket = bucket;
        this.zoneId = settings.zoneId();
        this.rules = notifications.rules();
        Map<String, QingStorImageAction> parsed = new HashMap<>();
        for (QingStorNotifications.Rule rule : rules) {
            if (rule.image() != null) {
                parsed.put(rule.id(), QingStorImageAction.parse(rule.image().action()));
            }
        }
        this.actions = Map.copyOf(parsed);
    }

    @Override
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    @Override
    public RuleMatches match(ObjectEvent event) {
        Optional<String> ruleEventType = ruleEventType(event);
        if (ruleEventType.isEmpty()) {
            return RuleMatches.NONE;
        }
        List<QingStorNotifications.Rule> matched = rules.stream()
                .filter(r -> r.covers(ruleEventType.get(), event.key())).toList();
        return matched.isEmpty() ? RuleMatches.NONE : new Matched(ruleEventType.get(), matched);
    }

    /** Notifier rules post at once; the other matched rules are jobs ({@link #cloudfuncJobs}). */
    private final class Matched implements RuleMatches {
        private final String ruleEventType;
        private final List<QingStorNotifications.Rule> rules;

        Matched(String ruleEventType, List<QingStorNotifications.Rule> rules) {
            this.ruleEventType = ruleEventType;
            this.rules = rules;
        }

        @Override
        public List<OutboundPush> render(ObjectEvent event) {
            List<OutboundPush> pushes = new ArrayList<>();
            for (QingStorNotifications.Rule rule : rules) {
                if (rule.cloudfunc() == QingStorCloudfunc.NOTIFIER) {
                    byte[] body = QingStorPushRenderer.message(event, ruleEventType, rule.id(), zoneId);
                    pushes.add(new OutboundPush(QingStorPushRenderer.deliveryId(event, rule.id(), rule.notifyUrl()),
                            QingStorDialect.ID, bucket, rule.id(), rule.notifyUrl(), "POST", QingStorDialect.CONTENT_TYPE,
                            body, null, event.requestId()));
                }
            }
            return pushes;
        }

        @Override
        public List<DeferredJob> jobs(ObjectEvent event) {
            return cloudfuncJobs(event).stream().map(j -> new DeferredJob(j.jobId(), QingStorDialect.ID, j.ruleId())).toList();
        }
    }

    /** The image and tupu-porn work {@code event} calls for, in rule order; empty when none. */
    public List<CloudfuncJob> cloudfuncJobs(ObjectEvent event) {
        Optional<String> ruleEventType = ruleEventType(event);
        if (ruleEventType.isEmpty() || !event.isCreated()) {
            return List.of();
        }
        List<CloudfuncJob> jobs = new ArrayList<>();
        for (QingStorNotifications.Rule rule : rules) {
            if (rule.cloudfunc() == QingStorCloudfunc.NOTIFIER || !rule.covers(ruleEventType.get(), event.key())) {
                continue;
            }
            String jobId = QingStorPushRenderer.jobId(event, rule.id());
            if (rule.cloudfunc() == QingStorCloudfunc.TUPU_PORN) {
                jobs.add(new CloudfuncJob(jobId, rule.id(), rule.cloudfunc(), bucket, event.key(),
                        null, null, null, null, null, rule.notifyUrl()));
                continue;
            }
            QingStorNotifications.ImageArgs image = rule.image();
            String saveBucket = image.saveBucket() == null ? bucket : image.saveBucket();
            if (isResult(event, image, saveBucket)) {
                continue;
            }
            jobs.add(new CloudfuncJob(jobId, rule.id(), rule.cloudfunc(), bucket, event.key(), actions.get(rule.id()),
                    image.keyPrefix(), image.keySeparate(), saveBucket, image.resultPrefix() + event.key(),
                    rule.notifyUrl()));
        }
        return jobs;
    }

    private boolean isResult(ObjectEvent event, QingStorNotifications.ImageArgs image, String saveBucket) {
        return event.userMetadata().containsKey(QingStorDialect.GENERATED_METADATA)
                || saveBucket.equals(bucket) && event.key().startsWith(image.resultPrefix());
    }

    private Optional<String> ruleEventType(ObjectEvent event) {
        return event.bucket().equals(bucket) ? QingStorEventTypes.forCanonical(event.eventName()) : Optional.empty();
    }
}
