package dev.herald.dialects.qingstor;

/**
 * Work the sidecar must do for one {@code image} or {@code tupu-porn} rule an event matched, before
 * anything is posted (from {@link CompiledQingStorRules#cloudfuncJobs}). Afterwards it hands the
 * outcome to {@link QingStorDialect#cloudfuncResultPush}.
 *
 * <ul>
 *   <li>{@code image}: read {@code bucket}/{@code key}, run {@link QingStorImageProcessor#process}
 *       with {@code action}, write the result to {@code saveBucket}/{@code resultKey} with user
 *       metadata {@value QingStorDialect#GENERATED_METADATA} (so that the result's own event
 *       triggers no image rule), then report.</li>
 *   <li>{@code tupu-porn}: send the object to the operator's moderation endpoint
 *       ({@link QingStorSettings#moderationEndpoint()}) and report its verdict. The image fields
 *       ({@code action} ... {@code resultKey}) are {@code null}.</li>
 * </ul>
 *
 * @param jobId       stable id: the same event and rule give the same id, for deduplication
 * @param bucket      the source object's bucket
 * @param key         the source object's key
 * @param keySeparate {@code key_seprate} (QingStor's spelling)
 * @param resultKey   {@code key_prefix + key_seprate + key}
 * @param notifyUrl   where the outcome is posted; {@code null} for an image rule without one (nothing is posted)
 */
public record CloudfuncJob(String jobId, String ruleId, QingStorCloudfunc cloudfunc, String bucket, String key,
                           QingStorImageAction action, String keyPrefix, String keySeparate, String saveBucket,
                           String resultKey, String notifyUrl) {
}
