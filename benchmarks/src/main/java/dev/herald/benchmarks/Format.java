package dev.herald.benchmarks;

import java.util.Locale;

/** How the report and the progress log write times, rates, ratios and sizes. */
final class Format {
    private Format() {
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** Herald's speed relative to the baseline's, from latencies (lower is faster). */
    static String ratio(long baselineNanos, long heraldNanos) {
        return String.format(Locale.ROOT, "%.2f", (double) baselineNanos / heraldNanos);
    }

    /** Herald's speed relative to the baseline's, from rates. */
    static String ratio(double herald, double baseline) {
        return String.format(Locale.ROOT, "%.2f", herald / baseline);
    }

    /** kB as whole MB; "n/a" for a size that was not measured (negative). */
    static String mb(long kb) {
        return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%d MB", Math.round(kb / 1024.0));
    }
}
