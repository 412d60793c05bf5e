package dev.herald.harness.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A short run of the benchmark in CI: it must complete and report every figure beside its baseline. */
class HeraldBenchmarkSmokeTest {

    @Test
    void aShortRunReportsEveryFigure() throws Exception {
        List<HeraldBenchmark.Figure> figures = HeraldBenchmark.run(400);
        assertThat(figures).extracting(HeraldBenchmark.Figure::name).containsExactly(
                "ingest ack p50, 1 sender", "ingest ack p99, 1 sender", "ingest, 16 senders (events/s)",
                "end to end, BOS render+sign (events/s)", "resident set size after the runs");
        assertThat(figures.subList(0, 4)).allSatisfy(f -> {
            assertThat(f.baseline()).isNotEqualTo("-");
            assertThat(Double.parseDouble(f.ratio())).isPositive();
        });
        System.out.println(HeraldBenchmark.markdown(figures, 400));
    }
}
