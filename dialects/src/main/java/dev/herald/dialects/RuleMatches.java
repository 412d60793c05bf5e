package dev.herald.dialects;

import java.util.List;

/**
 * The rules of one dialect that an event triggered. Matching and rendering are apart so that an
 * event is matched once, enriched only when something matched, and rendered once, as it will be sent.
 */
public interface RuleMatches {
    /** Only {@link #NONE} is empty: a dialect returns its matches only when a rule matched. */
    default boolean isEmpty() {
        return false;
    }

    /** The pushes of the matched rules for {@code event} (the matched event, possibly enriched since), in rule order. */
    List<OutboundPush> render(ObjectEvent event);

    /** Work the matched rules ask for before they post anything (QingStor's cloudfuncs); none by default. */
    default List<DeferredJob> jobs(ObjectEvent event) {
        return List.of();
    }

    RuleMatches NONE = new RuleMatches() {
        @Override
        public boolean isEmpty() {
            return true;
        }

        @Override
        public List<OutboundPush> render(ObjectEvent event) {
            return List.of();
        }
    };
}
