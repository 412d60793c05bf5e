/**
 * QingStor bucket notifications (docs/qingstor.md) on top of MinIO and Ceph RGW.
 *
 * <p>What the sidecar calls:
 * <ul>
 *   <li>{@link dev.herald.dialects.qingstor.QingStorAuth#claims} — route path-style
 *       {@code /{bucket}?notification} here ({@code Authorization: QS …} or a query signature);</li>
 *   <li>{@link dev.herald.dialects.qingstor.QingStorConfigApi#handle} — PUT/GET/DELETE {@code ?notification},
 *       never throws;</li>
 *   <li>{@link dev.herald.dialects.qingstor.QingStorDialect} — the {@code NotificationDialect}; its
 *       {@code compile} gives {@link dev.herald.dialects.qingstor.CompiledQingStorRules}, whose {@code route}
 *       yields the {@code notifier} pushes and whose {@code cloudfuncJobs} lists the {@code image} and
 *       {@code tupu-porn} work;</li>
 *   <li>{@link dev.herald.dialects.qingstor.QingStorImageProcessor#process} — runs an image job;</li>
 *   <li>{@link dev.herald.dialects.qingstor.CloudfuncOutcome} and
 *       {@link dev.herald.dialects.qingstor.QingStorDialect#cloudfuncResultPush} — report a finished job.</li>
 * </ul>
 *
 * <p>Each class documents the choices Herald makes where QingStor is silent.
 */
package dev.herald.dialects.qingstor;
