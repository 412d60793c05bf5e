package dev.herald.benchmarks;

import dev.herald.harness.HeraldProcess;

/**
 * Herald's benchmark ({@code ./herald bench}): every figure next to a baseline measured in the
 * same run on the same machine.
 *
 * <p>Three JVMs: Herald ({@code herald.jar} via {@link HeraldProcess}, durability on: SQLite WAL,
 * {@code synchronous=FULL}); the baselines ({@link Baselines}: an ack server and a bare relay, on
 * the same Jetty, with the same JVM options); and this one, which holds the load generator
 * ({@link LoadGenerator}: pre-built requests over plain keep-alive sockets) and the fast receiver
 * ({@link Sink}). Herald's and the baselines' resident set sizes are sampled from {@code /proc}
 * during every phase ({@link RssSampler}).
 *
 * <p>{@code HeraldBenchmark [EVENTS]} (default 20,000): the {@link StandardFigures}.
 * {@code HeraldBenchmark --backlog N}: the {@link BacklogDrain}. {@code HeraldBenchmark --reconcile N}:
 * the {@link ReconcileBucket}. {@code HeraldBenchmark --cluster [EVENTS]}: the {@link ClusterFigures}. Options: {@link BenchmarkOptions}.
 * The report ({@link Report}, Markdown) goes to standard output, progress to standard error; exits
 * non-zero on any failure.
 */
public final class HeraldBenchmark {
    private HeraldBenchmark() {
    }

    public static void main(String[] args) {
        try {
            Report report = run(BenchmarkOptions.parse(args));
            System.out.println(report.markdown());
            System.out.flush();
            System.exit(0);
        } catch (Throwable t) {
            System.err.println("herald bench failed: " + t);
            t.printStackTrace();
            System.exit(1);
        }
    }

    /** The standard figures, or the backlog drain when {@code o.backlog() > 0}, or the reconciliation, or cluster mode's. */
    public static Report run(BenchmarkOptions o) throws Exception {
        if (o.reconcile() > 0) {
            return ReconcileBucket.run(o);
        }
        if (o.cluster()) {
            return ClusterFigures.run(o);
        }
        return o.backlog() > 0 ? BacklogDrain.run(o) : StandardFigures.run(o);
    }
}
