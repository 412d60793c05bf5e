package dev.herald.benchmarks;

import java.util.List;

/**
 * What one benchmark run does ({@code ./herald bench [EVENTS] [OPTIONS]}); {@code backlog > 0}:
 * the backlog drain instead of the standard figures; {@code reconcile > 0}: the reconciliation of a
 * bucket of that many objects; {@code cluster}: cluster mode's figures with EVENTS events per mode.
 *
 * @param events            events of the standard figures
 * @param backlog           events of the backlog drain, 0 for the standard figures
 * @param jvm               Herald's and the baselines' JVM options (empty: the JVM's own defaults)
 * @param heraldJvm         more options for Herald's JVM only (a JFR recording)
 * @param recordsPerRequest records per ingest request while the backlog is built
 * @param backlogSenders    concurrent senders while the backlog is built
 * @param keep              keep the work directory (logs, GC log, data directory)
 * @param reconcile         objects of the reconciled bucket, 0 for no reconciliation
 * @param cluster           cluster mode's figures (a Kafka broker, one and two replicas, embedded mode and bare Kafka)
 */
public record BenchmarkOptions(int events, int backlog, List<String> jvm, List<String> heraldJvm, int recordsPerRequest,
                               int backlogSenders, boolean keep, int reconcile, boolean cluster) {
    /** Herald's and the baselines' JVM options unless {@code --jvm} says otherwise: Herald's own (see docs/BENCHMARKS.md). */
    public static final List<String> DEFAULT_JVM = HeraldJvmOptions.read();

    private static final int DEFAULT_EVENTS = 20_000;
    private static final int DEFAULT_RECORDS = 100;
    private static final int DEFAULT_SENDERS = 4;

    /** The standard figures with {@code events} events and the default JVM options. */
    public static BenchmarkOptions events(int events) {
        return new BenchmarkOptions(events, 0, DEFAULT_JVM, List.of(), DEFAULT_RECORDS, DEFAULT_SENDERS, false, 0, false);
    }

    /** The backlog drain of {@code n} events with the default JVM options. */
    public static BenchmarkOptions backlog(int n) {
        return new BenchmarkOptions(DEFAULT_EVENTS, n, DEFAULT_JVM, List.of(), DEFAULT_RECORDS, DEFAULT_SENDERS, false, 0, false);
    }

    /** The reconciliation of a bucket of {@code n} objects with the default JVM options. */
    public static BenchmarkOptions reconcile(int n) {
        return new BenchmarkOptions(DEFAULT_EVENTS, 0, DEFAULT_JVM, List.of(), DEFAULT_RECORDS, DEFAULT_SENDERS, false, n, false);
    }

    /** Cluster mode's figures with {@code events} events per mode and the default JVM options. */
    public static BenchmarkOptions cluster(int events) {
        return new BenchmarkOptions(events, 0, DEFAULT_JVM, List.of(), DEFAULT_RECORDS, DEFAULT_SENDERS, false, 0, true);
    }

    /** {@code [EVENTS] [--backlog N | --reconcile N | --cluster] [--jvm "OPTS"] [--herald-jvm "OPTS"] [--records N] [--senders N] [--keep]}. */
    static BenchmarkOptions parse(String[] args) {
        int events = DEFAULT_EVENTS;
        int backlog = 0;
        List<String> jvm = DEFAULT_JVM;
        List<String> heraldJvm = List.of();
        int records = DEFAULT_RECORDS;
        int senders = DEFAULT_SENDERS;
        boolean keep = false;
        int reconcile = 0;
        boolean cluster = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--backlog" -> backlog = Integer.parseInt(value(args, ++i, a));
                case "--jvm" -> jvm = split(value(args, ++i, a));
                case "--herald-jvm" -> heraldJvm = split(value(args, ++i, a));
                case "--records" -> records = Integer.parseInt(value(args, ++i, a));
                case "--senders" -> senders = Integer.parseInt(value(args, ++i, a));
                case "--keep" -> keep = true;
                case "--reconcile" -> reconcile = Integer.parseInt(value(args, ++i, a));
                case "--cluster" -> cluster = true;
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + a + "; usage: [EVENTS] [--backlog N | --reconcile N | --cluster] "
                                + "[--jvm \"OPTS\"] [--herald-jvm \"OPTS\"] [--records N] [--senders N] [--keep]");
                    }
                    events = Integer.parseInt(a);
                }
            }
        }
        if (events < 1 || backlog < 0 || reconcile < 0 || records < 1 || senders < 1) {
            throw new IllegalArgumentException("counts must be positive");
        }
        if ((backlog > 0 ? 1 : 0) + (reconcile > 0 ? 1 : 0) + (cluster ? 1 : 0) > 1) {
            throw new IllegalArgumentException("--backlog, --reconcile and --cluster are runs of their own: give one");
        }
        return new BenchmarkOptions(events, backlog, jvm, heraldJvm, records, senders, keep, reconcile, cluster);
    }

    /** The JVM options as the report and the log show them. */
    static String describe(List<String> jvm) {
        return jvm.isEmpty() ? "(JVM defaults)" : String.join(" ", jvm);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static List<String> split(String s) {
        return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    }
}
