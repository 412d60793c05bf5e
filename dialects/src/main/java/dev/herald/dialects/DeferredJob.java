package dev.herald.dialects;

/**
 * Work one rule asks for before it posts anything (QingStor's {@code image} and {@code tupu-porn}
 * cloudfuncs). Only this identity is stored with the event; the runner works out the rest from the
 * event and the bucket's rules when it runs the job.
 *
 * @param id stable: the same event and rule give the same id, for deduplication
 */
public record DeferredJob(String id, String dialect, String ruleId) {
}
