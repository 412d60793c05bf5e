package dev.herald.dialects;

/** A bucket's rules of one dialect, compiled for fast matching. Immutable and thread-safe. */
public interface CompiledRules {
    /**
     * The rules {@code event} triggers, in rule order; {@link RuleMatches#NONE} when nothing
     * matches. Nothing is rendered yet: the sidecar may still enrich the event first.
     */
    RuleMatches match(ObjectEvent event);

    /** True when there is no rule at all (the bucket needs no events from the backend). */
    boolean isEmpty();

    CompiledRules NONE = new CompiledRules() {
        @Override
        public RuleMatches match(ObjectEvent event) {
            return RuleMatches.NONE;
        }

        @Override
        public boolean isEmpty() {
            return true;
        }
    };
}
