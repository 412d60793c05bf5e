package dev.herald.dialects.qingstor;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A rule's {@code cloudfunc}: what QingStor does with a matching event (docs/qingstor.md, "Rules"). */
public enum QingStorCloudfunc {
    /** Posts the event message (docs/qingstor.md, "notifier: the message") to {@code notify_url}. */
    NOTIFIER("notifier"),
    /** Processes the image with {@code cloudfunc_args.action}, saves the result, reports to {@code notify_url} if set. */
    IMAGE("image"),
    /** Sends the image to the moderation service and posts its verdict to {@code notify_url}. */
    TUPU_PORN("tupu-porn");

    private final String wireName;

    QingStorCloudfunc(String wireName) {
        this.wireName = wireName;
    }

    /** The name as rules spell it ({@code tupu-porn}). */
    public String wireName() {
        return wireName;
    }

    static Optional<QingStorCloudfunc> of(String wireName) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(wireName)).findFirst();
    }

    static List<String> wireNames() {
        return Arrays.stream(values()).map(QingStorCloudfunc::wireName).toList();
    }
}
